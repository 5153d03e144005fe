using System.Diagnostics;
using Akka.Actor;
using Akka.Configuration;
using Mesos.Actors.Framework;
using Mesos.Actors.Protocol;
using Mesos.Actors.Settings;
using Mesos.Benchmarks.Launch;
using Mesos.V1;

namespace Mesos.Benchmarks.Recovery;

/// <summary>
/// Agent recovery: a real master and agent, the agent killed (SIGKILL) and started again on its work dir, timed from
/// the restart until it has subscribed again (the master then holds what it reported). First with nothing to recover,
/// which is what starting the process costs; then with a checkpointing framework's <see cref="Tasks"/> running tasks,
/// which the agent re-attaches to and reports. Each restart is done <c>--rounds=N</c> times (3), the tasks surviving
/// every one of them; other arguments go to both processes.
/// </summary>
internal static class AgentRecoverySuite
{
    private const int Tasks = 100;
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    public static int Run(string[] args)
    {
        var rounds = Arguments.Int(args, "--rounds", 3);
        using var cluster = new LocalCluster("cpus:8;mem:8192", [.. args.Where(a => !a.StartsWith("--rounds=", StringComparison.Ordinal))]);
        var empty = Enumerable.Range(0, rounds).Select(_ => Restart(cluster)).ToList();
        var system = ActorSystem.Create("recovery-bench", ReferenceConfig.WithDefaults(ConfigurationFactory.ParseString("akka.log-dead-letters = off")));
        var master = $"127.0.0.1:{cluster.MasterPort}";
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var framework = system.ActorOf(Props.Create(() => new RunningTasksScheduler(
            new SchedulerSettings(master, new FrameworkInfo { User = System.Environment.UserName, Name = "recovery-bench", Checkpoint = true, FailoverTimeout = 3600 }),
            Tasks, running)));
        try
        {
            running.Task.WaitAsync(Deadline).GetAwaiter().GetResult();
            var full = Enumerable.Range(0, rounds).Select(_ => Restart(cluster)).ToList();
            Console.WriteLine($"agent restart to SUBSCRIBED, nothing to recover: {Seconds(empty)}");
            Console.WriteLine($"agent restart to SUBSCRIBED, {Tasks} running tasks re-attached: {Seconds(full)}");
            return 0;
        }
        finally
        {
            // The tasks outlived the first agent: tearing the framework down has the new one kill them.
            framework.Ask<object>(RunningTasksScheduler.TearDown.Instance, TimeSpan.FromSeconds(10)).ContinueWith(_ => { }, TaskScheduler.Default).Wait();
            system.Terminate().GetAwaiter().GetResult();
        }
    }

    private static TimeSpan Restart(LocalCluster cluster)
    {
        cluster.CrashAgent();
        var clock = Stopwatch.StartNew();
        cluster.RestartAgent("Subscribed to master");
        return clock.Elapsed;
    }

    private static string Seconds(IReadOnlyList<TimeSpan> times) =>
        $"median {times.Order().ElementAt(times.Count / 2).TotalSeconds:0.00} s (each: {string.Join(", ", times.Select(t => t.TotalSeconds.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)))} s)";
}

/// <summary>Launches long-running tasks on the first offers, and says when all of them run.</summary>
internal sealed class RunningTasksScheduler : SchedulerActor
{
    private static readonly Resources PerTask = Resources.Parse("cpus:0.01;mem:32");
    private readonly int _tasks;
    private readonly TaskCompletionSource _running;
    private readonly HashSet<string> _started = [];
    private int _launched;

    public RunningTasksScheduler(SchedulerSettings settings, int tasks, TaskCompletionSource running) : base(settings)
    {
        _tasks = tasks;
        _running = running;
        Receive<TearDown>(_ => Teardown().ContinueWith(_ => (object)TearDown.Instance, TaskScheduler.Default).PipeTo(Sender));
    }

    protected override void OnResourceOffers(SchedulerEvent.ResourceOffers offers)
    {
        foreach (var offer in offers.Offers)
        {
            var batch = new List<TaskInfo>();
            var available = Resources.FromProtos(offer.Resources);
            var fits = (int)Math.Min(available.Scalar("cpus") / 0.01 + 1e-9, available.Scalar("mem") / 32);
            for (var i = 0; i < fits && _launched < _tasks; i++, _launched++)
            {
                batch.Add(new TaskInfo
                {
                    Name = "t" + _launched, TaskId = new() { Value = "t" + _launched }, AgentId = offer.AgentId,
                    Command = new() { Value = "sleep 3600" }, Resources = { PerTask.ToProtos() },
                });
            }
            if (batch.Count > 0) Launch(offer, batch, new Filters { RefuseSeconds = 0 });
            else Decline([offer.Id], new Filters { RefuseSeconds = 3600 });
        }
    }

    protected override void OnStatusUpdate(SchedulerEvent.StatusUpdate update)
    {
        base.OnStatusUpdate(update);
        if (update.Status.State == TaskState.TaskRunning && _started.Add(update.Status.TaskId.Value) && _started.Count == _tasks) _running.TrySetResult();
        else if (TaskStates.IsTerminal(update.Status.State) && !_running.Task.IsCompleted)
        {
            _running.TrySetException(new InvalidOperationException($"Task {update.Status.TaskId.Value} ended {update.Status.State}: {update.Status.Message}"));
        }
    }

    internal sealed record TearDown
    {
        public static readonly TearDown Instance = new();
    }
}
