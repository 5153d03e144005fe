using System.Runtime.InteropServices;
using Akka.Actor;
using Mesos.Actors.Settings;

namespace Mesos.Benchmarks;

/// <summary>
/// Akka.NET's actors against the same patterns on System.Threading.Channels and on TPL Dataflow's
/// ActionBlock, in one process so that the three share the machine's state at the time. The actor
/// system is configured as a master's or an agent's is: reference.conf over Akka's defaults.
/// </summary>
internal static class ActorSuite
{
    private const int Warmups = 2;
    private const int Runs = 5;

    // A few balls per pair keep both actors of a pair busy, so the dispatcher's batching shows, while
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

        var system = ActorSystem.Create("bench", ReferenceConfig.Get());
        try
        {
            var dispatcher = system.Settings.Config.GetConfig("akka.actor.default-dispatcher");
            Console.WriteLine(
                $"Akka.NET {typeof(ActorSystem).Assembly.GetName().Version}: median of {Runs} runs after {Warmups} warm-ups, {cores} cores, {RuntimeInformation.FrameworkDescription}; " +
                $"default dispatcher: executor {dispatcher.GetString("executor")}, throughput {dispatcher.GetInt("throughput")}, mailbox {system.Settings.Config.GetString("akka.actor.default-mailbox.mailbox-type")}");
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
        Console.WriteLine($"{"messages per second".PadRight(width)}{"Akka",12}{"Channel",12}{"ActionBlock",13}{"Akka/Channel",15}{"Akka/ActionBlock",19}");
        foreach (var r in rows)
        {
            Console.WriteLine(
                $"{r.Pattern.PadRight(width)}{Rate(r.Actor),12}{Rate(r.Channel),12}{Rate(r.ActionBlock),13}" +
                $"{r.ActorToChannel,15:0.00}{r.ActorToActionBlock,19:0.00}");
        }
        Console.WriteLine();
        Console.WriteLine($"{"bytes allocated per message".PadRight(width)}{"Akka",12}{"Channel",12}{"ActionBlock",13}");
        foreach (var r in rows)
        {
            Console.WriteLine($"{r.Pattern.PadRight(width)}{r.Actor.BytesPerMessage,12:0.00}{r.Channel.BytesPerMessage,12:0.00}{r.ActionBlock.BytesPerMessage,13:0.00}");
        }
    }

    private static string Rate(Measurement m) => $"{m.MessagesPerSecond / 1e6:0.00} M";

    private sealed record Pattern(string Name, Func<ActorSystem, IWorkload> Actors, Func<Func<Action<Ball>, IEndpoint>, IWorkload> Queues);

    private sealed record Row(string Pattern, Measurement Actor, Measurement Channel, Measurement ActionBlock)
    {
        public double ActorToChannel => Actor.MessagesPerSecond / Channel.MessagesPerSecond;
        public double ActorToActionBlock => Actor.MessagesPerSecond / ActionBlock.MessagesPerSecond;
    }
}
