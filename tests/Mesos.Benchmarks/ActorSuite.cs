using System.Runtime.InteropServices;
using Akka.Actor;

namespace Mesos.Benchmarks;

/// <summary>
/// The actor runtime against the same patterns on System.Threading.Channels and on TPL Dataflow's
/// ActionBlock, in one process so that the three share the machine's state at the time.
/// </summary>
internal static class ActorSuite
{
    private const int Warmups = 2;
    private const int Runs = 5;

    // A few balls per pair keep both actors of a pair busy, so the runtime's batching shows, while
    // the pairs still come and go on the thread pool.
    private const int ParallelInFlight = 8;

    public static int Run(string[] args)
    {
        var cores = Environment.ProcessorCount;
        Pattern[] patterns =
        [
            new("ping-pong (1 pair, 1 in flight)",
                s => ActorPatterns.Pairs(s, pairs: 1, roundTrips: 1_000_000, inFlight: 1),
                e => QueuePatterns.Pairs(e, pairs: 1, roundTrips: 1_000_000, inFlight: 1)),
            new("one-way (1 producer thread)",
                s => ActorPatterns.OneWay(s, messages: 10_000_000),
                e => QueuePatterns.OneWay(e, messages: 10_000_000)),
            new($"parallel pairs ({cores} pairs, {ParallelInFlight} in flight each)",
                s => ActorPatterns.Pairs(s, cores, roundTrips: 4_000_000 / cores, ParallelInFlight),
                e => QueuePatterns.Pairs(e, cores, roundTrips: 4_000_000 / cores, ParallelInFlight)),
        ];

        Console.WriteLine($"Actor runtime: median of {Runs} runs after {Warmups} warm-ups, {cores} cores, {RuntimeInformation.FrameworkDescription}");
        var system = ActorSystem.Create("bench");
        try
        {
            var rows = patterns.Select(p => Measure(p, system)).ToArray();
            Print(rows);
        }
        finally
        {
            system.Terminate().GetAwaiter().GetResult();
        }
        return 0;
    }

    private static Row Measure(Pattern pattern, ActorSystem system)
    {
        IWorkload[] workloads = [pattern.Actors(system), pattern.Queues(ChannelEndpoint.Create), pattern.Queues(DataflowEndpoint.Create)];
        try
        {
            var m = Harness.Compare(workloads, Warmups, Runs);
            return new Row(pattern.Name, m[0], m[1], m[2]);
        }
        finally
        {
            foreach (var workload in workloads) workload.Dispose();
        }
    }

    private static void Print(Row[] rows)
    {
        var width = rows.Max(r => r.Pattern.Length) + 2;
        Console.WriteLine();
        Console.WriteLine($"{"messages per second".PadRight(width)}{"actor",12}{"Channel",12}{"ActionBlock",13}{"actor/Channel",15}{"actor/ActionBlock",19}");
        foreach (var r in rows)
        {
            Console.WriteLine(
                $"{r.Pattern.PadRight(width)}{Rate(r.Actor),12}{Rate(r.Channel),12}{Rate(r.ActionBlock),13}" +
                $"{r.ActorToChannel,15:0.00}{r.ActorToActionBlock,19:0.00}");
        }
        Console.WriteLine();
        Console.WriteLine($"{"bytes allocated per message".PadRight(width)}{"actor",12}{"Channel",12}{"ActionBlock",13}");
        foreach (var r in rows)
        {
            Console.WriteLine($"{r.Pattern.PadRight(width)}{r.Actor.BytesPerMessage,12:0.00}{r.Channel.BytesPerMessage,12:0.00}{r.ActionBlock.BytesPerMessage,13:0.00}");
        }

        var (pingPong, oneWay, parallel) = (rows[0], rows[1], rows[2]);
        // Steady state: mailboxes hold a few messages at most. In one-way the producer outruns the
        // consumer and the backlog itself needs memory (queue segments, 24 bytes a slot); that is
        // storage for queued messages, not an allocation by Tell.
        var steadyAllocation = Math.Max(pingPong.Actor.BytesPerMessage, parallel.Actor.BytesPerMessage);
        Console.WriteLine();
        Console.WriteLine("targets");
        Target($"one-way at least ActionBlock ({oneWay.ActorToActionBlock:0.00}x)", oneWay.ActorToActionBlock >= 1);
        Target($"parallel pairs at least ActionBlock ({parallel.ActorToActionBlock:0.00}x)", parallel.ActorToActionBlock >= 1);
        Target($"ping-pong within 2x of a Channel pair ({pingPong.ActorToChannel:0.00}x)", pingPong.ActorToChannel >= 0.5);
        // Under one byte per message: a single allocation per message would cost at least 24.
        Target($"no allocation per Tell in steady state ({steadyAllocation:0.00} bytes/message)", steadyAllocation < 1);
        Console.WriteLine($"  note    one-way backlog storage: {oneWay.Actor.BytesPerMessage:0.00} bytes/message");
    }

    private static void Target(string description, bool met) =>
        Console.WriteLine($"  {(met ? "met   " : "MISSED")}  {description}");

    private static string Rate(Measurement m) => $"{m.MessagesPerSecond / 1e6:0.00} M";

    private sealed record Pattern(string Name, Func<ActorSystem, IWorkload> Actors, Func<Func<Action<Ball>, IEndpoint>, IWorkload> Queues);

    private sealed record Row(string Pattern, Measurement Actor, Measurement Channel, Measurement ActionBlock)
    {
        public double ActorToChannel => Actor.MessagesPerSecond / Channel.MessagesPerSecond;
        public double ActorToActionBlock => Actor.MessagesPerSecond / ActionBlock.MessagesPerSecond;
    }
}
