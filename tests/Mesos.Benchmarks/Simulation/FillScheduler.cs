using System.Diagnostics;
using Akka.Actor;
using Mesos.Actors.Framework;
using Mesos.Actors.Protocol;
using Mesos.V1;

namespace Mesos.Benchmarks.Simulation;

/// <summary>
/// Launches long-running tasks on its offers, as many per offer as fit (one ACCEPT per offer with a LAUNCH of
/// all of them), until <paramref name="tasks"/> run; times them to the last TASK_RUNNING. At most
/// <see cref="AcceptsInFlight"/> ACCEPTs are in flight, the other offers wait here: the scheduler's calls share a
/// few connections, and ten thousand ACCEPTs queued at once there would time out before they were sent. A task
/// whose ACCEPT failed (timed out) is launched again under a new id, and its offer is declined so that the
/// master offers the resources again if the ACCEPT never reached it.
/// Told <see cref="KillTask"/>, it kills one of its running tasks and says when its TASK_KILLED arrived.
/// </summary>
internal sealed class FillScheduler : SchedulerActor
{
    private const int AcceptsInFlight = 16;
    private static readonly Resources PerTask = Resources.Parse("cpus:1;mem:1024");
    private static readonly Filters Done = new() { RefuseSeconds = 3600 };
    private static readonly Filters Again = new() { RefuseSeconds = 0 };
    private readonly Stopwatch _clock = new();
    private readonly int _tasks;
    private readonly TaskCompletionSource<TimeSpan> _running;
    private readonly Queue<Offer> _offers = new();
    private readonly Dictionary<string, AgentID> _agents = [];
    private readonly HashSet<string> _abandoned = [];
    private readonly Dictionary<string, TaskCompletionSource<DateTimeOffset>> _killing = [];
    private int _nextId;
    private int _unplaced;
    private int _accepting;
    private int _runningCount;

    public FillScheduler(SchedulerSettings settings, int tasks, TaskCompletionSource<TimeSpan> running)
        : base(settings)
    {
        _tasks = tasks;
        _unplaced = tasks;
        _running = running;
        Receive<KillTask>(kill =>
        {
            var (id, agent) = _agents.First();
            _agents.Remove(id);
            _killing[id] = kill.Killed;
            Kill(new TaskID { Value = id }, agent);
        });
        Receive<Accepted>(accepted =>
        {
            _accepting--;
            if (accepted.Failure is not null)
            {
                _abandoned.UnionWith(accepted.TaskIds);
                _unplaced += accepted.TaskIds.Count;
                Decline([accepted.Offer], Again);
            }
            AnswerOffers();
        });
    }

    /// <summary>Kill one running task; <paramref name="Killed"/> completes with the time its TASK_KILLED arrived.</summary>
    public sealed record KillTask(TaskCompletionSource<DateTimeOffset> Killed);

    private sealed record Accepted(OfferID Offer, IReadOnlyList<string> TaskIds, Exception? Failure);

    protected override void OnResourceOffers(SchedulerEvent.ResourceOffers offers)
    {
        _clock.Start();
        foreach (var offer in offers.Offers) _offers.Enqueue(offer);
        AnswerOffers();
    }

    private void AnswerOffers()
    {
        while (_accepting < AcceptsInFlight && _offers.TryDequeue(out var offer))
        {
            var available = Resources.FromProtos(offer.Resources).Unallocated();
            var batch = new List<TaskInfo>();
            while (_unplaced > 0 && available.Contains(PerTask))
            {
                var id = "s" + _nextId++;
                _unplaced--;
                batch.Add(new TaskInfo
                {
                    Name = id, TaskId = new() { Value = id }, AgentId = offer.AgentId,
                    Command = new() { Value = "sleep 1000000" }, Resources = { PerTask.ToProtos() },
                });
                available -= PerTask;
            }
            if (batch.Count == 0)
            {
                Decline([offer.Id], Done);
                continue;
            }
            _accepting++;
            var ids = batch.Select(t => t.TaskId.Value).ToList();
            Launch(offer, batch, Done).PipeTo(Self, Self, () => new Accepted(offer.Id, ids, null), e => new Accepted(offer.Id, ids, e));
        }
    }

    protected override void OnStatusUpdate(SchedulerEvent.StatusUpdate update)
    {
        base.OnStatusUpdate(update);
        var id = update.Status.TaskId.Value;
        // An ACCEPT that timed out here may still have reached the master: its tasks then run beside their relaunch.
        var late = _abandoned.Remove(id);
        if (update.Status.State == TaskState.TaskRunning)
        {
            if (late && _unplaced > 0) _unplaced--;
            if (_agents.TryAdd(id, update.Status.AgentId) && ++_runningCount >= _tasks) _running.TrySetResult(_clock.Elapsed);
        }
        else if (update.Status.State == TaskState.TaskKilled && _killing.Remove(id, out var killed))
        {
            killed.TrySetResult(DateTimeOffset.UtcNow);
        }
        else if (TaskStates.IsTerminal(update.Status.State) && !late)
        {
            _running.TrySetException(new InvalidOperationException($"Task {id} ended {update.Status.State}: {update.Status.Message}"));
        }
    }
}
