using System.Diagnostics;
using Mesos.Actors.Framework;
using Mesos.Actors.Protocol;
using Mesos.V1;

namespace Mesos.Benchmarks.Simulation;

/// <summary>
/// Launches long-running tasks on its offers, as many per offer as fit, until <paramref name="tasks"/> run; times them to the last TASK_RUNNING.
/// Told <see cref="KillTask"/>, it kills one of them and says when its TASK_KILLED arrived.
/// </summary>
internal sealed class FillScheduler : SchedulerActor
{
    private static readonly Resources PerTask = Resources.Parse("cpus:1;mem:1024");
    private static readonly Filters Done = new() { RefuseSeconds = 3600 };
    private readonly Stopwatch _clock = new();
    private readonly int _tasks;
    private readonly TaskCompletionSource<TimeSpan> _running;
    private readonly Dictionary<string, AgentID> _agents = [];
    private readonly Dictionary<string, TaskCompletionSource<DateTimeOffset>> _killing = [];
    private int _launched;
    private int _runningCount;

    public FillScheduler(SchedulerSettings settings, int tasks, TaskCompletionSource<TimeSpan> running)
        : base(settings)
    {
        _tasks = tasks;
        _running = running;
        Receive<KillTask>(kill =>
        {
            _killing[kill.TaskId] = kill.Killed;
            Kill(new TaskID { Value = kill.TaskId }, _agents[kill.TaskId]);
        });
    }

    /// <summary>Kill the task <paramref name="TaskId"/>; <paramref name="Killed"/> completes with the time its TASK_KILLED arrived.</summary>
    public sealed record KillTask(string TaskId, TaskCompletionSource<DateTimeOffset> Killed);

    protected override void OnResourceOffers(SchedulerEvent.ResourceOffers offers)
    {
        foreach (var offer in offers.Offers)
        {
            var available = Resources.FromProtos(offer.Resources).Unallocated();
            var batch = new List<TaskInfo>();
            while (_launched < _tasks && available.Contains(PerTask))
            {
                var id = "s" + _launched++;
                batch.Add(new TaskInfo
                {
                    Name = id, TaskId = new() { Value = id }, AgentId = offer.AgentId,
                    Command = new() { Value = "sleep 1000000" }, Resources = { PerTask.ToProtos() },
                });
                available -= PerTask;
            }
            _clock.Start();
            if (batch.Count > 0) Launch(offer, batch, Done);
            else Decline([offer.Id], Done);
        }
    }

    protected override void OnStatusUpdate(SchedulerEvent.StatusUpdate update)
    {
        base.OnStatusUpdate(update);
        var id = update.Status.TaskId.Value;
        if (update.Status.State == TaskState.TaskRunning)
        {
            _agents[id] = update.Status.AgentId;
            if (++_runningCount == _tasks) _running.TrySetResult(_clock.Elapsed);
        }
        else if (update.Status.State == TaskState.TaskKilled && _killing.Remove(id, out var killed))
        {
            killed.TrySetResult(DateTimeOffset.UtcNow);
        }
        else if (TaskStates.IsTerminal(update.Status.State))
        {
            _running.TrySetException(new InvalidOperationException($"Task {id} ended {update.Status.State}: {update.Status.Message}"));
        }
    }
}
