using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Mesos.Actors.Protocol;
using Mesos.Host.Marathon.Apps;
using Mesos.Host.Marathon.Deployments;
using Mesos.Host.Marathon.Events;
using Mesos.Host.Marathon.Launching;
using Mesos.Host.Marathon.State;
using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.Host.Marathon.Scheduler;

/// <summary>
/// Marathon's scheduler: its state event-sourced (every change is recorded before it is answered or acted on), each
/// app's part by the app's entity (<see cref="AppEntity"/>) and the rest (the framework id, groups, deployments, the
/// apps it lists) by the scheduler itself,
/// a framework child on the SDK, and the loop that brings every app to its definition: after each change it asks
/// the <see cref="InstancePlanner"/> for each app's next step, kills what the plan says, places what it wants on
/// offers, and ends deployments that reached their goal. After a restart or a new subscription, nothing is
/// launched or killed until the master has told the state of every task Marathon recorded (Marathon issue
/// #1553: a leader acting on stale state killed healthy tasks).
/// </summary>
public sealed partial class MarathonActor : ReceivePersistentActor, IWithTimers
{
    // As Marathon's --decline_offer_duration: an offer nothing wants is not offered again for a while; a revival clears it.
    private const double IdleDeclineSeconds = 120;
    private const double RetrySeconds = 5;

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IActorRef _apps;
    private readonly Func<string?, Props> _frameworkProps;
    private readonly MarathonEventBus _bus;
    private readonly TimeSpan _reconciliationInterval;
    private readonly HashSet<string> _killing = new(StringComparer.Ordinal);
    private readonly HashSet<string> _awaiting = new(StringComparer.Ordinal);
    private readonly Dictionary<string, InstancePlan> _plans = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OfferLog> _offers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ReadinessResult> _readiness = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IActorRef> _checkers = new(StringComparer.Ordinal);
    private readonly List<(InstanceChanged Change, Action Then)> _changes = [];
    private MarathonState _state = MarathonState.Empty;
    private LaunchDelay _delay = LaunchDelay.None;
    private IActorRef _framework = ActorRefs.Nobody;
    private bool _subscribed;
    private bool _reconciled;
    private bool _wantOffers;
    private bool _plansStale = true;
    // When the plans stop holding by time alone (a backoff ends, a deadline passes, an unreachable instance stops counting).
    private DateTimeOffset _plansUntil = DateTimeOffset.MaxValue;
    private bool _actQueued;

    /// <param name="apps">The apps' shard region (<see cref="AppEntity"/>).</param>
    /// <param name="frameworkProps">The framework child, given the framework id recovered (null for a new framework).</param>
    /// <param name="journal">The journal and snapshot store plugins; null for the system's defaults.</param>
    public MarathonActor(string persistenceId, IActorRef apps, Func<string?, Props> frameworkProps, MarathonEventBus bus, TimeSpan reconciliationInterval,
        (string Journal, string Snapshots)? journal = null)
    {
        PersistenceId = persistenceId;
        _apps = apps;
        if (journal is { } plugins)
        {
            JournalPluginId = plugins.Journal;
            SnapshotPluginId = plugins.Snapshots;
        }
        _frameworkProps = frameworkProps;
        _bus = bus;
        _reconciliationInterval = reconciliationInterval;

        Recover<AppListed>(listed => _listed.Add(listed.AppId));
        Recover<AppUnlisted>(unlisted => _listed.Remove(unlisted.AppId));
        Recover<MarathonEvent>(e => _state = _state.Apply(e));
        Recover<RecoveryCompleted>(_ => Load());
        Ready();
    }

    /// <summary>The scheduler's commands, between writes.</summary>
    private void Ready()
    {
        Command<CreateApps>(create => Decide(() => _state.Create(create.Apps, Now)));
        Command<PutApps>(put => Decide(() => _state.Put(put.Apps, Now, put.Force)));
        Command<RestartApp>(restart => Decide(() => _state.Restart(restart.AppId, Now, restart.Force)));
        Command<RemoveApps>(remove => Decide(() => _state.Remove(remove.AppIds, Now, remove.Force)));
        Command<CancelDeployment>(cancel => Decide(() => _state.Cancel(cancel.DeploymentId, Now, cancel.Force)));
        Command<ChangeGroup>(change => Decide(() => _state.ChangeGroup(change.Update, change.Create, Now, change.Force)));
        Command<RemoveGroup>(remove => Decide(() => _state.RemoveGroup(remove.GroupId, Now, remove.Force)));
        Command<KillTasks>(OnKillTasks);
        Command<ResetDelay>(reset =>
        {
            _delay = _delay.Reset(reset.AppId);
            Sender.Tell(Done.Instance);
            ActSoon();
        });
        Command<GetView>(_ => Sender.Tell(CurrentView()));
        Command<ReadinessResult>(OnReadiness);
        Command<Act>(_ =>
        {
            _actQueued = false;
            ActOnPlans();
        });
        Command<RecordChanges>(_ => OnRecordChanges());
        Command<ReconcileAgain>(_ => Reconcile(periodic: _reconciled));
        Command<MarathonFramework.Subscribed>(OnSubscribed);
        Command<MarathonFramework.Disconnected>(_ =>
        {
            // A new subscription may be to a new master: its view of the tasks is asked for again before any decision.
            _subscribed = false;
            _reconciled = false;
            _wantOffers = false;
        });
        Command<Abdicate>(_ =>
        {
            _log.Info("Abdicating: the framework gives up its subscription and subscribes again");
            Context.Watch(_framework);
            Context.Stop(_framework);
            _subscribed = false;
            _reconciled = false;
            _wantOffers = false;
            Sender.Tell(Done.Instance);
        });
        Command<Terminated>(terminated => terminated.ActorRef.Equals(_framework), _ => StartFramework());
        Command<MarathonFramework.Offers>(OnOffers);
        Command<MarathonFramework.Update>(OnUpdate);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public override string PersistenceId { get; }

    public static Props Props(string persistenceId, IActorRef apps, Func<string?, Props> frameworkProps, MarathonEventBus bus, TimeSpan reconciliationInterval,
        (string Journal, string Snapshots)? journal = null) =>
        Akka.Actor.Props.Create(() => new MarathonActor(persistenceId, apps, frameworkProps, bus, reconciliationInterval, journal));

    private DateTimeOffset Now => Context.System.Scheduler.Now;

    private View CurrentView() => new(_state, new Dictionary<string, InstancePlan>(_plans), new Dictionary<string, OfferLog>(_offers), _delay, _reconciled, Now,
        new Dictionary<string, ReadinessResult>(_readiness));

    private void Start()
    {
        _log.Info("Recovered {Apps} apps, {Instances} instances and {Deployments} deployments", _state.Apps.Count, _state.Instances.Count, _state.Deployments.Count);
        StartFramework();
    }

    private void StartFramework() => _framework = Context.ActorOf(_frameworkProps(_state.FrameworkId), "framework");

    private void OnSubscribed(MarathonFramework.Subscribed subscribed)
    {
        _subscribed = true;
        _reconciled = false;
        _wantOffers = true;
        if (_state.FrameworkId != subscribed.FrameworkId) Record([new FrameworkRegistered(subscribed.FrameworkId)], () => { });
        Reconcile(periodic: false);
    }

    /// <summary>Asks the master about every recorded task, then about all it knows (tasks Marathon never recorded are killed).</summary>
    private void Reconcile(bool periodic)
    {
        if (!_subscribed) return;
        if (!periodic)
        {
            _awaiting.Clear();
            _awaiting.UnionWith(_state.Instances.Keys);
        }
        var ask = periodic ? _state.Instances.Values : _state.Instances.Values.Where(i => _awaiting.Contains(i.TaskId));
        _framework.Tell(new MarathonFramework.ReconcileTasks([.. ask.Select(i => (i.TaskId, (string?)i.Agent.AgentId))]));
        _framework.Tell(new MarathonFramework.ReconcileTasks([]));
        if (!periodic) _log.Info("Reconciling {Count} tasks before any decision", _awaiting.Count);
        if (_awaiting.Count == 0) Reconciled();
        // Until every answer is in, ask again: an answer can be lost with a connection.
        Timers.StartSingleTimer(nameof(ReconcileAgain), ReconcileAgain.Instance, _reconciled ? _reconciliationInterval : TimeSpan.FromSeconds(RetrySeconds));
    }

    private void Reconciled()
    {
        if (_reconciled) return;
        _reconciled = true;
        _log.Info("Tasks reconciled: {Count} instances known", _state.Instances.Count);
        Timers.StartSingleTimer(nameof(ReconcileAgain), ReconcileAgain.Instance, _reconciliationInterval);
        // Kills sent before a lost connection may have been lost with it.
        foreach (var taskId in _killing) Kill(taskId);
        _framework.Tell(MarathonFramework.ReviveOffers.Instance);
        _wantOffers = true;
        ActSoon();
    }

    private void OnUpdate(MarathonFramework.Update update)
    {
        var status = update.Status;
        var taskId = status.TaskId.Value;
        var framework = _framework;
        if (!_state.Instances.TryGetValue(taskId, out var instance))
        {
            // A task Marathon never recorded (or already forgot) must not run: it would be an instance too many.
            if (!TaskStates.IsTerminal(status.State) && !NeverLaunched(status))
            {
                _log.Warning("Killing task {TaskId}, which no app has", taskId);
                framework.Tell(new MarathonFramework.KillTask(taskId, status.AgentId?.Value));
            }
            framework.Tell(new MarathonFramework.AcknowledgeUpdate(status));
            Answered(taskId);
            return;
        }
        // A task the master no longer knows (TASK_UNKNOWN) is gone for Marathon, as an ended one.
        var terminal = TaskStates.IsTerminal(status.State) || status.State == Mesos.V1.TaskState.TaskUnknown;
        var state = ProtoNames.Of(status.State);
        var healthy = status.HasHealthy ? status.Healthy : instance.Healthy;
        if (!terminal && state == instance.State && healthy == instance.Healthy)
        {
            framework.Tell(new MarathonFramework.AcknowledgeUpdate(status));
            Answered(taskId);
            return;
        }
        var ip = status.ContainerStatus?.NetworkInfos.SelectMany(n => n.IpAddresses).Select(a => a.IpAddress).FirstOrDefault(a => a.Length > 0);
        RecordChange(new InstanceChanged(taskId, state, healthy, terminal, Now, ip, status.HasMessage ? status.Message : null), () =>
        {
            framework.Tell(new MarathonFramework.AcknowledgeUpdate(status));
            Publish(() => MarathonEventJson.StatusUpdate(instance, status, Now));
            if (healthy != instance.Healthy && healthy is { } alive) Publish(() => MarathonEventJson.HealthChanged(instance, alive, Now));
            if (terminal)
            {
                var killed = _killing.Remove(taskId);
                if (!killed && IsFailure(status) && _state.Apps.TryGetValue(instance.AppId, out var app)) _delay = _delay.Failed(app.Definition, Now);
            }
            Answered(taskId);
        });
    }

    /// <summary>
    /// Queues a change of an instance to be recorded with every other change that comes before the next write: a
    /// burst of status updates (a thousand instances starting) is one write, not a thousand one after another.
    /// </summary>
    private void RecordChange(InstanceChanged change, Action then)
    {
        _changes.Add((change, then));
        // Updates that arrive meanwhile, or wait in the stash for the write in progress, come before this message.
        if (_changes.Count == 1) Self.Tell(RecordChanges.Instance);
    }

    private void OnRecordChanges()
    {
        var changes = _changes.ToList();
        _changes.Clear();
        Record([.. changes.Select(c => c.Change)], () =>
        {
            foreach (var (_, then) in changes) then();
        });
    }

    private void Answered(string taskId)
    {
        if (_awaiting.Remove(taskId) && _awaiting.Count == 0 && _subscribed) Reconciled();
    }

    private void OnKillTasks(KillTasks kill)
    {
        var instances = kill.TaskIds.Distinct().Select(id => _state.Instances.GetValueOrDefault(id)).OfType<Instance>().ToList();
        if (!kill.Scale)
        {
            foreach (var instance in instances) Kill(instance.TaskId);
            Sender.Tell(new TasksKilled(instances, null));
            return;
        }
        var sender = Sender;
        var events = new List<MarathonEvent>();
        var state = _state;
        try
        {
            foreach (var app in instances.GroupBy(i => i.AppId).Where(g => state.Apps.ContainsKey(g.Key)))
            {
                var change = state.ScaleDownBy(app.Key, app.Count(), Now, kill.Force);
                state = change.Aggregate(state, (s, e) => s.Apply(e));
                events.AddRange(change);
            }
        }
        catch (AppLockedException e)
        {
            sender.Tell(new Failed(e));
            return;
        }
        // The tasks are marked as dying before the deployment is planned, so that it does not kill others in their place.
        foreach (var instance in instances) Kill(instance.TaskId);
        var started = events.OfType<DeploymentStarted>().LastOrDefault()?.Deployment;
        Record(events, () => sender.Tell(new TasksKilled(instances, started is null ? null : new DeploymentAccepted(started.Id, started.Version))));
    }

    private void Kill(string taskId)
    {
        _killing.Add(taskId);
        _framework.Tell(new MarathonFramework.KillTask(taskId, _state.Instances.GetValueOrDefault(taskId)?.Agent.AgentId));
    }

    private void Decide(Func<IReadOnlyList<MarathonEvent>> decide)
    {
        IReadOnlyList<MarathonEvent> events;
        try
        {
            events = decide();
        }
        catch (Exception e) when (e is AppLockedException or ConflictException or UnknownException or AppInvalidException)
        {
            Sender.Tell(new Failed(e));
            return;
        }
        var sender = Sender;
        var started = events.OfType<DeploymentStarted>().LastOrDefault()?.Deployment;
        Record(events, () => sender.Tell(started is null ? Done.Instance : new DeploymentAccepted(started.Id, started.Version)));
    }

    /// <summary>Acts on the plans once for everything that happened before: one plan for a batch of changes, not one for each; until then the plans are stale.</summary>
    private void ActSoon()
    {
        _plansStale = true;
        if (_actQueued) return;
        _actQueued = true;
        Self.Tell(Act.Instance);
    }

    private void Applied(MarathonEvent e, MarathonState before)
    {
        switch (e)
        {
            case AppSaved saved:
                if (before.Apps.GetValueOrDefault(saved.App.Id)?.LastConfigChangeAt != saved.App.LastConfigChangeAt) _delay = _delay.Reset(saved.App.Id);
                Publish(() => MarathonEventJson.ApiPost(saved.App, Now));
                break;
            case AppRemoved removed:
                _delay = _delay.Reset(removed.AppId);
                Publish(() => MarathonEventJson.AppTerminated(removed.AppId, Now));
                break;
            case DeploymentStarted started:
                Publish(() => MarathonEventJson.DeploymentInfo(started.Deployment, Now));
                break;
            case DeploymentEnded ended when before.Deployments.TryGetValue(ended.DeploymentId, out var deployment):
                _log.Info("Deployment {Id} {Outcome}", ended.DeploymentId, ended.Succeeded ? "succeeded" : "was cancelled");
                Publish(() => MarathonEventJson.DeploymentEnded(deployment, ended.Succeeded, ended.Reason, Now));
                break;
        }
    }

    private void Publish(Func<MarathonEventMessage> message)
    {
        if (_bus.HasSubscribers) _bus.Publish(message());
    }

    // Explicit reconciliation of a task the master has never heard of answers LOST (UNKNOWN when partition-aware)
    // with the reconciliation reason and no agent: the launch never reached it.
    private static bool NeverLaunched(TaskStatus status) =>
        status.Reason == TaskStatus.Types.Reason.Reconciliation && !status.HasUuid
        && status.State is Mesos.V1.TaskState.TaskLost or Mesos.V1.TaskState.TaskUnknown && status.AgentId is null;

    private static bool IsFailure(TaskStatus status) =>
        status.State is Mesos.V1.TaskState.TaskFailed or Mesos.V1.TaskState.TaskError or Mesos.V1.TaskState.TaskLost
            or Mesos.V1.TaskState.TaskDropped or Mesos.V1.TaskState.TaskGone;
}
