using System.Diagnostics;
using System.Text.Json;
using Akka.Actor;
using Akka.Configuration;
using Mesos.Actors.Framework;
using Mesos.Actors.Settings;
using Mesos.Benchmarks.Simulation;
using Mesos.V1;

namespace Mesos.Benchmarks.Failover;

/// <summary>
/// Three masters on loopback (<see cref="MasterTrio"/>) with many simulated agents (<see cref="ProtocolAgents"/>)
/// holding tasks a framework launched: the leader is killed with kill -9, and the suite measures how long until
/// a new leader answers a SUBSCRIBE, and until every agent has subscribed with it again (its SUBSCRIBED received,
/// with the tasks it holds). The killed master is started again before the next kill.
/// </summary>
/// <remarks>Arguments: <c>--agents=N</c> (1000), <c>--tasks=N</c> (100000), <c>--kills=N</c> (3); the rest go to the masters.</remarks>
internal static class AgentFailoverSuite
{
    public static int Run(string[] args)
    {
        var agents = Arguments.Int(args, "--agents", 1000);
        var tasks = Arguments.Int(args, "--tasks", 100_000);
        var kills = Arguments.Int(args, "--kills", 3);
        var flags = args.Where(a => !new[] { "--agents=", "--tasks=", "--kills=" }.Any(f => a.StartsWith(f, StringComparison.Ordinal))).ToList();
        // A socket per agent here, and in the leading master.
        OpenFileLimit.Raise(1_000_000);
        using var masters = new MasterTrio(flags);
        masters.WaitUp();
        var perAgent = (tasks + agents - 1) / agents;
        var fleet = new ProtocolAgents(masters.List.Split(','), agents, $"cpus:{perAgent};mem:{perAgent * 1024}");
        var system = ActorSystem.Create("failover-bench", ReferenceConfig.WithDefaults(ConfigurationFactory.ParseString("akka.loglevel = ERROR\nakka.log-dead-letters = off")));
        try
        {
            var clock = Stopwatch.StartNew();
            WaitFor(() => fleet.Subscriptions.Most().Agents >= agents, "every agent to subscribe", MasterTrio.Deadline * 5);
            Console.WriteLine($"agents: {agents} simulated agents subscribed in {clock.Elapsed.TotalSeconds:0.00} s");
            var running = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
            system.ActorOf(Props.Create(() => new FillScheduler(
                new SchedulerSettings(masters.List, new FrameworkInfo { User = System.Environment.UserName, Name = "failover-bench", FailoverTimeout = 3600 }), tasks, running)));
            var filled = running.Task.WaitAsync(MasterTrio.Deadline * 10).GetAwaiter().GetResult();
            Console.WriteLine($"tasks: {tasks} tasks RUNNING in {filled.TotalSeconds:0.00} s");

            var back = new List<TimeSpan>();
            for (var kill = 1; kill <= kills; kill++)
            {
                masters.WaitUp();
                var old = fleet.Subscriptions.Most().Master;
                var leader = masters.Leader();
                var cpuBefore = Cpu(masters);
                var killed = Stopwatch.GetTimestamp();
                clock.Restart();
                masters.Kill(leader);
                var next = masters.Leader(except: leader);
                var answering = clock.Elapsed;
                WaitFor(() => fleet.Subscriptions.Most() is var (master, count) && master != old && count >= agents, "every agent to subscribe with the new leader", MasterTrio.Deadline * 2,
                    () => fleet.Subscriptions.NotWith(fleet.Subscriptions.Most().Master));
                var allBack = clock.Elapsed;
                var cpu = Cpu(masters).Zip(cpuBefore, (after, before) => after - before).ToArray();
                back.Add(allBack);
                var (active, runningTasks) = Metrics(masters.Ports[next]);
                var arrived = fleet.Subscriptions.Arrived(fleet.Subscriptions.Most().Master!, killed, 0.01, 0.25, 0.5, 0.75, 0.9);
                Console.WriteLine($"kill {kill}: new leader answered after {answering.TotalSeconds:0.00} s; all {agents} agents subscribed with it after " +
                    $"{allBack.TotalSeconds:0.00} s ({(allBack - answering).TotalSeconds:0.00} s after it answered); it counts {active} active agents, {runningTasks} running tasks; " +
                    $"processor time meanwhile: new leader {cpu[next].TotalSeconds:0.00} s, other master {cpu[3 - leader - next].TotalSeconds:0.00} s, agents' process {cpu[3].TotalSeconds:0.00} s; " +
                    $"1%, 25%, 50%, 75%, 90% of the agents back after {string.Join(", ", arrived.Select(t => $"{t.TotalSeconds:0.00}"))} s");
                masters.Start(leader);
            }
            var sorted = back.Order().ToList();
            Console.WriteLine($"kill -9 of the leader to every one of {agents} agents back with {tasks} tasks, {kills} kills: median {sorted[sorted.Count / 2].TotalSeconds:0.00} s, " +
                $"min {sorted[0].TotalSeconds:0.00} s, max {sorted[^1].TotalSeconds:0.00} s");
        }
        finally
        {
            system.Terminate().GetAwaiter().GetResult();
            fleet.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        return 0;
    }

    /// <summary>Processor time used so far by each master (by index), and last by this process, where the simulated agents run.</summary>
    private static TimeSpan[] Cpu(MasterTrio masters) =>
        [.. Enumerable.Range(0, masters.Ports.Length).Select(masters.Cpu), Process.GetCurrentProcess().TotalProcessorTime];

    private static (double Active, double Running) Metrics(int port)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(1) };
        using var metrics = JsonDocument.Parse(http.GetStringAsync($"http://127.0.0.1:{port}/metrics/snapshot").GetAwaiter().GetResult());
        double Get(string name) => metrics.RootElement.TryGetProperty(name, out var value) ? value.GetDouble() : 0;
        return (Get("master/slaves_active"), Get("master/tasks_running"));
    }

    private static void WaitFor(Func<bool> condition, string what, TimeSpan limit, Func<IEnumerable<string>>? standing = null)
    {
        var deadline = Stopwatch.StartNew();
        using var pause = new ManualResetEventSlim();
        while (!condition())
        {
            if (deadline.Elapsed > limit)
            {
                throw new TimeoutException($"Gave up waiting for {what} at {DateTime.UtcNow:HH:mm:ss.fff}" +
                    (standing is null ? "" : "; the agents that did not:\n" + string.Join('\n', standing())));
            }
            pause.Wait(TimeSpan.FromMilliseconds(5));
        }
    }
}
