using System.Globalization;
using Mesos.Actors.Containerizer;
using Mesos.Actors.Protocol;
using Akka.Actor;
using Mesos.Internal;
using Mesos.V1;
using Akka.Event;
using Akka.Configuration;
using Mesos.Actors.Agent.Checkpoints;
using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.Actors.Agent;

/// <summary>
/// The agent: subscribes to its master through an <see cref="IMasterLink"/> (its <see cref="MasterSession"/>),
/// runs the tasks the master sends (a command task under its own <see cref="TaskSupervisor"/>, a task for a
/// framework's executor under that executor's <see cref="ExecutorSupervisor"/>, a task group under its
/// <see cref="DefaultExecutor"/>), and passes their status updates to its status update manager for reliable
/// delivery. Tasks keep running while the master is away; the agent subscribes again, with backoff, once the
/// link is back, and reports what it still runs.
/// </summary>
public sealed partial class AgentActor : ReceiveActor, IWithTimers
{
    private readonly AgentSettings _settings;
    private readonly AgentInfo _info;
    private List<Resource>? _checkpointed;
    private readonly IMasterLink _link;
    private readonly IContainerizer _containerizer;
    private readonly Random _random;
    private readonly ILoggingAdapter _log;
    private readonly ExecutorRuns _runs = new();
    private readonly AgentCheckpoints _checkpoints;
    private readonly RecoveredAgent? _recovered;
    private IActorRef _updates = ActorRefs.Nobody;
    private MasterSession _session = null!;

    /// <summary>The latest master epoch this agent has heard from; events of an older one are refused.</summary>
    private ulong _masterEpoch;

    /// <param name="recovered">What an earlier run of the agent checkpointed under the work directory; null for a new agent.</param>
    internal AgentActor(AgentSettings settings, AgentInfo info, IMasterLink link, Func<IScheduler, IContainerizer> containerizer, Random random,
        RecoveredAgent? recovered)
    {
        _settings = settings;
        _info = info;
        _checkpoints = CheckpointsOf(settings);
        _recovered = recovered;
        _link = link;
        _containerizer = containerizer(Context.System.Scheduler);
        _random = random;
        _log = Context.GetLogger();
        Receive<MasterConnected>(connected => _session.Connected(connected));
        Receive<MasterDisconnected>(disconnected => _session.Disconnected(disconnected));
        Receive<MasterSession.SubscribeAttempt>(_ => _session.AttemptDue());
        Receive<MasterSession.PingTimeout>(_ => _session.PingsMissed());
        Receive<AgentEvent>(Handle);
        Receive<TaskStatusChanged>(changed =>
        {
            Stamp(changed.Status);
            _runs.Update(changed.FrameworkId, changed.Status);
            _updates.Tell(new ForwardStatusUpdate(changed.FrameworkId, changed.Status, UpdatesCheckpoint(changed.FrameworkId, changed.Status.TaskId)));
        });
        Receive<RunnerStopped>(stopped =>
        {
            if (_runs.Run(stopped.ContainerId) is not { } run) return;
            _counters.Increment(AgentMetrics.ExecutorsTerminated);
            Remember(_runs.Ended(run, _session.AgentId));
        });
        Receive<StatusUpdateStreamEnded>(ended => Remember(_runs.TerminalUpdateAcknowledged(ended.FrameworkId, ended.TaskId, _session.AgentId)));
        ReceiveExecutorEvents();
        ReceiveExecutorCalls();
        ReceiveStateQueries();
        ReceiveUsageQueries();
        ReceiveRecoveryEvents();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>
    /// The agent as the host starts it. Detects the machine's resources and cgroups now, so that a bad
    /// --resources, --attributes or isolation fails at startup rather than inside the actor.
    /// </summary>
    /// <param name="docker">The docker containerizer, which the host brings when --containerizers names docker.</param>
    /// <exception cref="FormatException">--resources or --attributes is malformed.</exception>
    /// <exception cref="ConfigurationException">The machine cannot isolate containers as the settings ask.</exception>
    /// <exception cref="CorruptCheckpointException">A checkpoint of an earlier run is torn or empty: the agent does not start as if it had none.</exception>
    public static Props Props(AgentSettings settings, IMasterLink link, IContainerizer? docker = null) =>
        Props(settings, Describe(settings, MachineFacts.Read(settings.WorkDir)), link, Containerizers.Prepare(settings.Containerizer, settings.WorkDir, docker), new Random());

    // Akka's Props.Create(() => new ...) makes the actor by reflection over public constructors only, and this one
    // cannot be public (it takes the containerizers' factory): a producer calls it instead. The checkpoints are read
    // here, so that a corrupt one stops the start with its reason rather than failing inside the actor; every instance the
    // producer makes gets this reading, which is why a restarted agent actor stops rather than runs on it (PostRestart).
    internal static Props Props(AgentSettings settings, AgentInfo info, IMasterLink link, Func<IScheduler, IContainerizer> containerizer, Random random)
    {
        var recovered = CheckpointsOf(settings).Recover();
        return Producer<AgentActor>.Props(() => new AgentActor(settings, info, link, containerizer, random, recovered));
    }

    private static AgentCheckpoints CheckpointsOf(AgentSettings settings) => new(new CheckpointStore(Path.Combine(settings.WorkDir, "meta")));

    /// <summary>What the agent tells the master about itself, before it has an id.</summary>
    internal static AgentInfo Describe(AgentSettings settings, MachineFacts machine)
    {
        var info = new AgentInfo
        {
            Hostname = string.IsNullOrWhiteSpace(settings.Hostname) ? System.Net.Dns.GetHostName() : settings.Hostname,
            Port = settings.Port,
            // What checkpointing frameworks run here survives the agent's restart.
            Checkpoint = true,
        };
        info.Resources.AddRange(ResourceDetection.Resolve(settings.Resources, machine).ToProtos());
        info.Attributes.AddRange(AttributeText.Parse(settings.Attributes));
        return info;
    }

    protected override void PreStart()
    {
        _startTime = Context.System.Scheduler.Now;
        Directory.CreateDirectory(_settings.WorkDir);
        _updates = Context.ActorOf(Akka.Actor.Props.Create(() => new StatusUpdateManagerActor(_link, _checkpoints.Store)), "status-updates");
        _session = new MasterSession(MasterSubscription.WithJitter(_random), _link, Timers, _updates, SubscribeReport, _log);
        if (_recovered is not null) Recover(_recovered);
        _link.Attach(Self);
    }

    private void Handle(AgentEvent e)
    {
        // SUBSCRIBED answers the agent's own SUBSCRIBE to the master it chose as leader, and sets the epoch:
        // a registry started afresh (in_memory) begins again at 1. After it, an older master's events are stale.
        if (e.HasEpoch && e.Epoch < _masterEpoch && e.Type != AgentEvent.Types.Type.Subscribed)
        {
            _log.Warning("Refused a {Type} event from a master of epoch {Epoch}: the leading master's epoch is {Leader}", e.Type, e.Epoch, _masterEpoch);
            return;
        }
        if (e.HasEpoch) _masterEpoch = e.Epoch;
        switch (e.Type)
        {
            case AgentEvent.Types.Type.Subscribed:
                var before = _session.AgentId;
                _session.Subscribed(e.Subscribed);
                CheckpointAgent(before);
                break;
            case AgentEvent.Types.Type.Ping:
                _session.Ping(e.Ping);
                break;
            case AgentEvent.Types.Type.RunTask:
                RunTask(e.RunTask.Framework, e.RunTask.Task);
                break;
            case AgentEvent.Types.Type.RunTaskGroup:
                RunTaskGroup(e.RunTaskGroup.Framework, e.RunTaskGroup.Executor, e.RunTaskGroup.TaskGroup);
                break;
            case AgentEvent.Types.Type.KillTask:
                KillTask(e.KillTask);
                break;
            case AgentEvent.Types.Type.Acknowledge:
                _updates.Tell(new AcknowledgeStatusUpdate(e.Acknowledge.FrameworkId, e.Acknowledge.TaskId, e.Acknowledge.Uuid));
                break;
            case AgentEvent.Types.Type.ShutdownFramework:
                _log.Info("Shutting down framework {Framework}", e.ShutdownFramework.FrameworkId.Value);
                foreach (var run in _runs.Running(e.ShutdownFramework.FrameworkId)) Shutdown(run);
                break;
            case AgentEvent.Types.Type.ShutdownExecutor:
                ShutdownRequested(e.ShutdownExecutor.FrameworkId, e.ShutdownExecutor.ExecutorId);
                break;
            case AgentEvent.Types.Type.Message:
                DeliverFrameworkMessage(e.Message);
                break;
            case AgentEvent.Types.Type.Reconcile:
                Reconcile(e.Reconcile);
                break;
            case AgentEvent.Types.Type.CheckpointResources:
                _checkpointed = [.. e.CheckpointResources.Resources];
                _log.Info("The master set this agent's resources to {Resources}", Resources.FromProtos(_checkpointed));
                break;
            default:
                _log.Warning("Ignoring a {Type} event from the master", e.Type);
                break;
        }
    }

    /// <summary>What a SUBSCRIBE reports: the agent as it stands, and every framework, executor and task it still has.</summary>
    private AgentCall.Types.Subscribe SubscribeReport()
    {
        var subscribe = new AgentCall.Types.Subscribe { AgentInfo = CurrentInfo(), Capabilities = { AgentCapabilities.Protos() } };
        var (tasks, frameworks, executors) = _runs.Describe(_session.AgentId);
        subscribe.Tasks.AddRange(tasks);
        subscribe.Frameworks.AddRange(frameworks);
        subscribe.Executors.AddRange(executors);
        return subscribe;
    }

    // Dynamic reservations change what the agent has, as the master last told it (Mesos' checkpointed resources).
    private AgentInfo CurrentInfo()
    {
        var info = _info.Clone();
        if (_checkpointed is not null)
        {
            info.Resources.Clear();
            info.Resources.AddRange(_checkpointed.Select(r => r.Clone()));
        }
        if (_session.AgentId is not null) info.Id = _session.AgentId;
        return info;
    }

    private string Endpoint() => string.Create(CultureInfo.InvariantCulture, $"{_settings.Ip}:{_settings.Port}");

    /// <summary>The actor running the executor of this container has stopped.</summary>
    private sealed record RunnerStopped(string ContainerId);

}

/// <summary>From a task's supervisor: the task reached a new state.</summary>
internal sealed record TaskStatusChanged(FrameworkID FrameworkId, TaskStatus Status);
