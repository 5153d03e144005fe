using Akka.Actor;
using Akka.Event;
using Mesos.Actors.Framework;
using Mesos.Actors.Protocol;
using Mesos.Host.Chronos.Jobs;
using Mesos.Host.Chronos.Runs;
using Mesos.V1;
using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.Host.Chronos.Scheduler;

/// <summary>
/// Chronos' framework on the SDK: launches the runs its parent has recorded as started on offers that fit
/// them, kills them when asked, and hands every terminal update to its parent, acknowledging it only once
/// the parent has recorded the run's end. Runs recovered after a restart are first reconciled: one the
/// master does not know was never launched and is launched now; one it knows is followed.
/// </summary>
public sealed class ChronosFramework : SchedulerActor
{
    /// <summary>A recorded run to launch; <paramref name="Recovered"/> when it was recorded before a restart and may already run.</summary>
    public sealed record LaunchRun(JobRun Run, JobDefinition Job, bool Recovered);

    public sealed record KillRuns(IReadOnlyList<string> TaskIds);

    /// <summary>The parent recorded this terminal update: acknowledge it.</summary>
    public sealed record Recorded(TaskStatus Status);

    /// <summary>To the parent: a run's task reached a terminal state.</summary>
    public sealed record TaskEnded(TaskStatus Status);

    /// <summary>To the parent: the master gave the framework its id.</summary>
    public sealed record Registered(string FrameworkId);

    // A run in doubt is asked about again until the master answers (it does not while agents it recovered
    // may still come back), and queued runs revive offers again in case a REVIVE was lost with its call.
    private static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(10);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, LaunchRun> _queued = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LaunchRun> _reconciling = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (LaunchRun Launch, AgentID? Agent)> _launched = new(StringComparer.Ordinal);

    // Terminal updates told to the parent and not recorded yet, by task id.
    private readonly Dictionary<string, TaskStatus> _ending = new(StringComparer.Ordinal);

    public ChronosFramework(SchedulerSettings settings) : base(settings with { AutoAcknowledge = false })
    {
        Receive<LaunchRun>(launch =>
        {
            // A job's entity tells its open runs again whenever the scheduler wakes it: a run this framework already
            // follows is not asked about or launched again, and one whose end is not recorded yet has its end told again.
            var taskId = launch.Run.TaskId;
            if (_ending.TryGetValue(taskId, out var ended))
            {
                Context.Parent.Tell(new TaskEnded(ended));
                return;
            }
            if (_queued.ContainsKey(taskId) || _reconciling.ContainsKey(taskId) || _launched.ContainsKey(taskId)) return;
            if (launch.Recovered)
            {
                _reconciling[launch.Run.TaskId] = launch;
                if (IsSubscribed) Reconcile([Status(launch.Run.TaskId)]);
                return;
            }
            _queued[launch.Run.TaskId] = launch;
            if (IsSubscribed) Revive();
        });
        Receive<KillRuns>(kill =>
        {
            foreach (var taskId in kill.TaskIds)
            {
                if (_queued.Remove(taskId, out var queued)) End(Killed(queued.Run.TaskId));
                else if (_launched.TryGetValue(taskId, out var launched) && IsSubscribed) Kill(new TaskID { Value = taskId }, launched.Agent);
            }
        });
        Receive<Recorded>(recorded =>
        {
            _ending.Remove(recorded.Status.TaskId.Value);
            if (recorded.Status.HasUuid && IsSubscribed) Acknowledge(recorded.Status);
        });
        Receive<Recheck>(_ =>
        {
            if (!IsSubscribed) return;
            if (_reconciling.Count > 0) Reconcile(_reconciling.Keys.Select(Status).ToList());
            if (_queued.Count > 0) Revive();
        });
    }

    protected override void PreStart()
    {
        base.PreStart();
        Timers.StartPeriodicTimer(nameof(Recheck), Recheck.Instance, RecheckInterval);
    }

    public static Props Props(SchedulerSettings settings) => Akka.Actor.Props.Create(() => new ChronosFramework(settings));

    protected override void OnSubscribed(SchedulerEvent.Subscribed subscribed)
    {
        Context.Parent.Tell(new Registered(subscribed.FrameworkId.Value));
        // Whatever was launched or is in doubt is asked about again: updates may have been lost with the connection.
        var ask = _launched.Keys.Concat(_reconciling.Keys).Select(Status).ToList();
        if (ask.Count > 0) Reconcile(ask);
        if (_queued.Count > 0) Revive();
    }

    protected override void OnResourceOffers(SchedulerEvent.ResourceOffers offers)
    {
        foreach (var offer in offers.Offers)
        {
            var available = Resources.FromProtos(offer.Resources).Unallocated();
            var tasks = new List<TaskInfo>();
            foreach (var launch in _queued.Values.OrderBy(l => l.Run.Started).ToList())
            {
                var needs = RunTasks.Needs(launch.Job);
                if (!available.Contains(needs) || !RunTasks.Meets(launch.Job, offer)) continue;
                tasks.Add(RunTasks.Build(launch.Run, launch.Job, offer));
                available -= needs;
                _queued.Remove(launch.Run.TaskId);
                _launched[launch.Run.TaskId] = (launch, offer.AgentId);
            }
            if (tasks.Count > 0) Launch(offer, tasks);
            // With nothing left to place, offers stay away until a run is queued (which revives them).
            else Decline([offer.Id], _queued.Count == 0 ? new Filters { RefuseSeconds = 3600 } : null);
        }
    }

    protected override void OnStatusUpdate(SchedulerEvent.StatusUpdate update)
    {
        var status = update.Status;
        var taskId = status.TaskId.Value;
        if (_reconciling.Remove(taskId, out var doubtful))
        {
            if (NeverLaunched(status))
            {
                _queued[taskId] = doubtful;
                Revive();
                return;
            }
            _launched[taskId] = (doubtful, status.AgentId);
        }
        if (!TaskStates.IsTerminal(status.State))
        {
            if (_launched.TryGetValue(taskId, out var launched)) _launched[taskId] = (launched.Launch, status.AgentId);
            if (status.HasUuid) Acknowledge(status);
            return;
        }
        if (NeverLaunched(status) && _launched.Remove(taskId, out var lost))
        {
            // Reconciled after a lost connection: the master never took the launch, so it is queued again.
            _queued[taskId] = lost.Launch;
            Revive();
            return;
        }
        _launched.Remove(taskId);
        _log.Info("Run {TaskId} ended {State} {Message}", taskId, ProtoNames.Of(status.State), status.Message);
        End(status);
    }

    private void End(TaskStatus status)
    {
        _ending[status.TaskId.Value] = status;
        Context.Parent.Tell(new TaskEnded(status));
    }

    protected override void OnError(SchedulerEvent.Error error) =>
        _log.Error("The master refused the framework: {Message}", error.Message);

    private sealed record Recheck
    {
        public static Recheck Instance { get; } = new();
    }

    // Explicit reconciliation of a task the master has never heard of answers LOST (UNKNOWN when
    // partition-aware) with the reconciliation reason and no agent.
    private static bool NeverLaunched(TaskStatus status) =>
        status.Reason == TaskStatus.Types.Reason.Reconciliation && !status.HasUuid
        && status.State is TaskState.TaskLost or TaskState.TaskUnknown && status.AgentId is null;

    private static TaskStatus Status(string taskId) => new() { TaskId = new TaskID { Value = taskId }, State = TaskState.TaskStaging };

    private static TaskStatus Killed(string taskId) =>
        new() { TaskId = new TaskID { Value = taskId }, State = TaskState.TaskKilled, Message = "Killed before it was launched" };
}
