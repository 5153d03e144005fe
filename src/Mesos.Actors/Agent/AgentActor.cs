using System.Globalization;
using Mesos.Actors.Containerizer;
using Mesos.Actors.Protocol;
using Akka.Actor;
using Mesos.Internal;
using Mesos.V1;
using Akka.Event;
using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.Actors.Agent;

/// <summary>
/// The agent: subscribes to its master through an <see cref="IMasterLink"/>, runs the tasks the master
/// sends (a command task under its own <see cref="TaskSupervisor"/>, a task for a framework's executor
/// under that executor's <see cref="ExecutorSupervisor"/>, a task group under its <see cref="DefaultExecutor"/>),
/// and passes their status updates to its status update manager for reliable delivery. Tasks keep running
/// while the master is away; the agent subscribes again, with backoff, once the link is back, and reports
/// what it still runs.
/// </summary>
public sealed partial class AgentActor : ReceiveActor, IWithTimers
{
    /// <summary>Mesos' registration backoff: the first attempt within 1 s, the next within twice as long, up to 1 min.</summary>
    internal static readonly TimeSpan RegistrationBackoffFactor = TimeSpan.FromSeconds(1);
    internal static readonly TimeSpan MaxRegistrationBackoff = TimeSpan.FromMinutes(1);

    /// <summary>Pings the agent may miss before it takes the master for gone and subscribes again.</summary>
    internal const int MaxMissedPings = 5;

    private readonly AgentSettings _settings;
    private readonly AgentInfo _info;
    private List<Resource>? _checkpointed;
    private readonly IMasterLink _link;
    private readonly IContainerizer _containerizer;
    private readonly Random _random;
    private readonly ILoggingAdapter _log;
    private readonly ExecutorRuns _runs = new();
    private IActorRef _updates = ActorRefs.Nobody;
    private AgentID? _agentId;
    private bool _connected;
    private bool _subscribed;
    private TimeSpan _subscribeBackoff = RegistrationBackoffFactor;
    private TimeSpan? _pingTimeout;

    internal AgentActor(AgentSettings settings, AgentInfo info, IMasterLink link, IContainerizer? containerizer, Random random)
    {
        _settings = settings;
        _info = info;
        _link = link;
        _containerizer = containerizer ?? new PosixContainerizer(Context.System.Scheduler);
        _random = random;
        _log = Context.GetLogger();
        Receive<MasterConnected>(Connected);
        Receive<MasterDisconnected>(Disconnected);
        Receive<SubscribeAttempt>(_ => TrySubscribe());
        Receive<PingTimeout>(_ => PingsMissed());
        Receive<AgentEvent>(Handle);
        Receive<TaskStatusChanged>(changed =>
        {
            Stamp(changed.Status);
            _runs.Update(changed.FrameworkId, changed.Status);
            _updates.Tell(new ForwardStatusUpdate(changed.FrameworkId, changed.Status));
        });
        Receive<RunnerStopped>(stopped =>
        {
            if (_runs.Run(stopped.ContainerId) is not { } run) return;
            _counters.Increment(AgentMetrics.ExecutorsTerminated);
            Remember(_runs.Ended(run, _agentId));
        });
        Receive<StatusUpdateStreamEnded>(ended => Remember(_runs.TerminalUpdateAcknowledged(ended.FrameworkId, ended.TaskId, _agentId)));
        ReceiveExecutorEvents();
        ReceiveExecutorCalls();
        ReceiveStateQueries();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>
    /// The agent as the host starts it. Detects the machine's resources now, so that a bad --resources
    /// or --attributes fails at startup rather than inside the actor.
    /// </summary>
    /// <exception cref="FormatException">--resources or --attributes is malformed.</exception>
    public static Props Props(AgentSettings settings, IMasterLink link) =>
        Props(settings, Describe(settings, MachineFacts.Read(settings.WorkDir)), link, null, new Random());

    internal static Props Props(AgentSettings settings, AgentInfo info, IMasterLink link, IContainerizer? containerizer, Random random) =>
        Akka.Actor.Props.CreateBy(new Producer(() => new AgentActor(settings, info, link, containerizer, random)));

    /// <summary>What the agent tells the master about itself, before it has an id.</summary>
    internal static AgentInfo Describe(AgentSettings settings, MachineFacts machine)
    {
        var info = new AgentInfo
        {
            Hostname = string.IsNullOrWhiteSpace(settings.Hostname) ? System.Net.Dns.GetHostName() : settings.Hostname,
            Port = settings.Port,
        };
        info.Resources.AddRange(ResourceDetection.Resolve(settings.Resources, machine).ToProtos());
        info.Attributes.AddRange(AttributeText.Parse(settings.Attributes));
        return info;
    }

    protected override void PreStart()
    {
        _startTime = Context.System.Scheduler.Now;
        Directory.CreateDirectory(_settings.WorkDir);
        _updates = Context.ActorOf(Akka.Actor.Props.Create(() => new StatusUpdateManagerActor(_link)), "status-updates");
        _link.Attach(Self);
    }

    private void Connected(MasterConnected connected)
    {
        _log.Info("Connected to master {Master}", connected.Master);
        _connected = true;
        _master = connected.Master;
        Unsubscribed();
        _subscribeBackoff = RegistrationBackoffFactor;
        ScheduleSubscribe();
    }

    private void Disconnected(MasterDisconnected disconnected)
    {
        _log.Warning("Lost the master ({Reason}); tasks keep running", disconnected.Reason);
        _connected = false;
        _master = null;
        Unsubscribed();
    }

    private void PingsMissed()
    {
        if (!_subscribed) return;
        _log.Warning("No ping from the master for {Timeout}; subscribing again", _pingTimeout);
        Unsubscribed();
        _subscribeBackoff = RegistrationBackoffFactor;
        if (_connected) ScheduleSubscribe();
    }

    private void Unsubscribed()
    {
        _subscribed = false;
        Timers.Cancel(SubscribeAttempt.Instance);
        Timers.Cancel(PingTimeout.Instance);
        _updates.Tell(PauseStatusUpdates.Instance);
    }

    // A random delay within the backoff spreads the agents of a cluster that all lost the same master.
    private void ScheduleSubscribe()
    {
        var delay = TimeSpan.FromTicks((long)(_random.NextDouble() * _subscribeBackoff.Ticks));
        Timers.StartSingleTimer(SubscribeAttempt.Instance, SubscribeAttempt.Instance, delay);
    }

    private void TrySubscribe()
    {
        if (!_connected || _subscribed) return;
        var subscribe = new AgentCall.Types.Subscribe { AgentInfo = CurrentInfo() };
        var (tasks, frameworks, executors) = _runs.Describe(_agentId);
        subscribe.Tasks.AddRange(tasks);
        subscribe.Frameworks.AddRange(frameworks);
        subscribe.Executors.AddRange(executors);
        var call = new AgentCall { Type = AgentCall.Types.Type.Subscribe, Subscribe = subscribe };
        if (_agentId is not null) call.AgentId = _agentId;
        _log.Info("Subscribing to the master{As} with {Tasks} tasks",
            _agentId is null ? "" : " as " + _agentId.Value, tasks.Count);
        _link.Post(call, _log);
        _subscribeBackoff = Min(_subscribeBackoff * 2, MaxRegistrationBackoff);
        ScheduleSubscribe();
    }

    private void Handle(AgentEvent e)
    {
        switch (e.Type)
        {
            case AgentEvent.Types.Type.Subscribed:
                Subscribed(e.Subscribed);
                break;
            case AgentEvent.Types.Type.Ping:
                WatchPings();
                _link.Post(new AgentCall
                {
                    Type = AgentCall.Types.Type.Pong,
                    AgentId = _agentId,
                    Pong = new AgentCall.Types.Pong { Sequence = e.Ping.Sequence },
                }, _log);
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

    private void Subscribed(AgentEvent.Types.Subscribed subscribed)
    {
        if (_agentId is not null && _agentId.Value != subscribed.AgentId.Value)
        {
            _log.Warning("The master gave this agent a new id, {New}, instead of {Old}", subscribed.AgentId.Value, _agentId.Value);
        }
        _agentId = subscribed.AgentId;
        _subscribed = true;
        Timers.Cancel(SubscribeAttempt.Instance);
        _pingTimeout = subscribed.PingIntervalSeconds > 0
            ? TimeSpan.FromSeconds(subscribed.PingIntervalSeconds * MaxMissedPings)
            : null;
        WatchPings();
        _log.Info("Subscribed to master {Master} as agent {Agent}", subscribed.MasterInfo?.Id, _agentId.Value);
        _updates.Tell(new ResumeStatusUpdates(_agentId));
    }

    private void WatchPings()
    {
        if (_pingTimeout is { } timeout) Timers.StartSingleTimer(PingTimeout.Instance, PingTimeout.Instance, timeout);
    }

    private void RunTask(FrameworkInfo framework, TaskInfo task)
    {
        if (framework.Id is null)
        {
            _log.Error("Ignoring task {Task}: its framework has no id", task.TaskId?.Value);
            return;
        }
        var taskId = task.TaskId ?? new TaskID { Value = "" };
        if ((Invalid(framework, task) ?? (task.Executor is null && task.Command is null ? "Task has no command" : null)) is { } error)
        {
            Refuse(framework.Id, taskId, TaskState.TaskError, error, TaskStatus.Types.Reason.TaskInvalid);
            return;
        }
        if (_runs.Contains(framework.Id, taskId))
        {
            _log.Warning("Ignoring task {Task} of framework {Framework}: it is already here", taskId.Value, framework.Id.Value);
            return;
        }
        if (task.Executor is { } executor)
        {
            RunOnExecutor(framework, executor, task);
            return;
        }
        var agentId = AgentId(task);
        var containerId = Guid.NewGuid().ToString();
        var launch = new TaskLaunch(agentId, Endpoint(), framework, task, containerId,
            SandboxLayout.RunDirectory(_settings.WorkDir, agentId.Value, framework.Id.Value, taskId.Value, containerId));
        var supervisor = Context.ActorOf(Akka.Actor.Props.Create(() => new TaskSupervisor(launch, _containerizer)));
        var run = new ExecutorRun(framework, launch.Executor(), ExecutorKind.Command, containerId, launch.SandboxDirectory, supervisor);
        Context.WatchWith(supervisor, new RunnerStopped(containerId));
        _runs.Add(run);
        _runs.AddTask(run, task, launched: true);
    }

    private string? Invalid(FrameworkInfo framework, TaskInfo task) =>
        DirectoryNames.Validate("Framework ID", framework.Id.Value)
        ?? DirectoryNames.Validate("Task ID", task.TaskId?.Value)
        ?? (task.Executor is { } executor ? InvalidExecutor(executor) : null)
        ?? (_agentId is null && task.AgentId is null ? "Task has no agent ID" : null);

    private static string? InvalidExecutor(ExecutorInfo executor) =>
        DirectoryNames.Validate("Executor ID", executor.ExecutorId?.Value)
        ?? (executor.Type != ExecutorInfo.Types.Type.Default && executor.Command is null ? "'ExecutorInfo.command' must be set" : null);

    private AgentID AgentId(TaskInfo task) => _agentId ?? task.AgentId;

    private void KillTask(AgentEvent.Types.KillTask kill)
    {
        var run = _runs.RunOf(kill.FrameworkId, kill.TaskId);
        if (run is null)
        {
            Refuse(kill.FrameworkId, kill.TaskId, UnknownTaskState(kill.FrameworkId), "Cannot kill a task that is not on this agent",
                TaskStatus.Types.Reason.TaskUnknown);
            return;
        }
        // A task that ended here has its terminal update on its way already.
        if (run.Runner is not { } runner || run.Task(kill.TaskId)!.Terminal) return;
        runner.Tell(run.Kind == ExecutorKind.Command ? new KillTask(kill.KillPolicy) : new KillExecutorTask(kill.TaskId, kill.KillPolicy));
    }

    private void Reconcile(AgentEvent.Types.Reconcile reconcile)
    {
        foreach (var task in reconcile.Tasks.Where(t => !_runs.Contains(t.FrameworkId, t.TaskId)))
        {
            Refuse(task.FrameworkId, task.TaskId, UnknownTaskState(task.FrameworkId), "Task is not on this agent",
                TaskStatus.Types.Reason.Reconciliation);
        }
    }

    // As Mesos: frameworks that understand partitions hear that the task was dropped, others that it was lost.
    private TaskState UnknownTaskState(FrameworkID frameworkId) =>
        _runs.Framework(frameworkId)?.Capabilities.Any(c => c.Type == FrameworkInfo.Types.Capability.Types.Type.PartitionAware) == true
            ? TaskState.TaskDropped
            : TaskState.TaskLost;

    /// <summary>A status the agent itself decides: a task it will not run, cannot find, or whose executor ended.</summary>
    private void Refuse(FrameworkID frameworkId, TaskID taskId, TaskState state, string message, TaskStatus.Types.Reason reason, ExecutorID? executorId = null)
    {
        _log.Warning("Task {Task} of framework {Framework}: {State}: {Message}", taskId.Value, frameworkId.Value, state, message);
        var status = new TaskStatus
        {
            TaskId = taskId,
            State = state,
            Message = message,
            Reason = reason,
            Source = TaskStatus.Types.Source.Agent,
        };
        if (_agentId is not null) status.AgentId = _agentId;
        if (executorId is not null) status.ExecutorId = executorId;
        Stamp(status);
        _runs.Update(frameworkId, status);
        _updates.Tell(new ForwardStatusUpdate(frameworkId, status));
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
        if (_agentId is not null) info.Id = _agentId;
        return info;
    }

    private string Endpoint() => string.Create(CultureInfo.InvariantCulture, $"{_settings.Ip}:{_settings.Port}");

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private sealed record SubscribeAttempt
    {
        public static readonly SubscribeAttempt Instance = new();
    }

    private sealed record PingTimeout
    {
        public static readonly PingTimeout Instance = new();
    }

    /// <summary>The actor running the executor of this container has stopped.</summary>
    private sealed record RunnerStopped(string ContainerId);

    /// <summary>
    /// Builds the agent with its internal constructor: Props.Create(() => new ...) would call it through
    /// Activator.CreateInstance, which finds public constructors only.
    /// </summary>
    private sealed class Producer(Func<AgentActor> create) : IIndirectActorProducer
    {
        public Type ActorType => typeof(AgentActor);

        public ActorBase Produce() => create();

        public void Release(ActorBase actor)
        {
        }
    }
}

/// <summary>From a task's supervisor: the task reached a new state.</summary>
internal sealed record TaskStatusChanged(FrameworkID FrameworkId, TaskStatus Status);
