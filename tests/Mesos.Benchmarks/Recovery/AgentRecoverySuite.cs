using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Akka.Actor;
using Akka.Configuration;
using Mesos.Actors.Framework;
using Mesos.Actors.Protocol;
using Mesos.Actors.Settings;
using Mesos.Benchmarks.Launch;
using Mesos.V1;

namespace Mesos.Benchmarks.Recovery;

/// <summary>
/// Agent recovery: a real master and agent, a checkpointing framework with <see cref="Tasks"/> running tasks, the
/// agent killed (SIGKILL) and started again on its work dir. Times the restart until the agent has subscribed
/// again with its tasks, and until the master lists every task RUNNING on it.
/// </summary>
internal static class AgentRecoverySuite
{
    private const int Tasks = 100;
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    public static int Run(string[] args)
    {
        using var cluster = new LocalCluster("cpus:8;mem:8192", args);
        var system = ActorSystem.Create("recovery-bench", ReferenceConfig.WithDefaults(ConfigurationFactory.ParseString("akka.log-dead-letters = off")));
        using var http = new HttpClient();
        var master = $"127.0.0.1:{cluster.MasterPort}";
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var framework = system.ActorOf(Props.Create(() => new RunningTasksScheduler(
            new SchedulerSettings(master, new FrameworkInfo { User = System.Environment.UserName, Name = "recovery-bench", Checkpoint = true, FailoverTimeout = 3600 }),
            Tasks, running)));
        try
        {
            running.Task.WaitAsync(Deadline).GetAwaiter().GetResult();
            cluster.CrashAgent();
            var clock = Stopwatch.StartNew();
            cluster.RestartAgent("Subscribed to master");
            var subscribed = clock.Elapsed;
            // Polled every 10 ms: each poll is a request to the master, so the figure is within one interval.
            using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
            while (RunningOnMaster(http, master) < Tasks)
            {
                if (clock.Elapsed > Deadline) throw new TimeoutException("The master did not list every task running again");
                poll.WaitForNextTickAsync().AsTask().GetAwaiter().GetResult();
            }
            var listed = clock.Elapsed;
            Console.WriteLine($"agent recovery: {Tasks} running tasks: restart to SUBSCRIBED in {subscribed.TotalSeconds:0.00} s, to every task RUNNING on the master in {listed.TotalSeconds:0.00} s");
            return 0;
        }
        finally
        {
            // The tasks outlived the first agent: tearing the framework down has the new one kill them.
            framework.Ask<object>(RunningTasksScheduler.TearDown.Instance, TimeSpan.FromSeconds(10)).ContinueWith(_ => { }, TaskScheduler.Default).Wait();
            system.Terminate().GetAwaiter().GetResult();
        }
    }

    private static int RunningOnMaster(HttpClient http, string master)
    {
        using var tasks = JsonDocument.Parse(http.GetStringAsync($"http://{master}/master/tasks?limit=1000").GetAwaiter().GetResult());
        return tasks.RootElement.GetProperty("tasks").EnumerateArray().Count(t => t.GetProperty("state").GetString() == "TASK_RUNNING");
    }
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
