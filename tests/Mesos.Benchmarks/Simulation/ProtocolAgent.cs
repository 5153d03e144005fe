using Akka.Actor;
using Akka.Event;
using Mesos.Actors.Agent;
using Mesos.Internal;
using Mesos.V1;
using MesosTask = Mesos.V1.Task;
using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.Benchmarks.Simulation;

/// <summary>
/// A simulated agent that holds tasks without running anything, light enough for ten thousand in one process:
/// the real agent's side of the master-agent protocol (its <see cref="MasterSession"/>: SUBSCRIBE on Mesos'
/// jittered backoff with every task it holds, PONG for each PING, the watch on pings; its status update
/// manager: updates resent until acknowledged) over the real link to its masters, and in place of executors a
/// table. A task it is given runs at once (TASK_RUNNING) until it is killed (TASK_KILLED). Nothing is written
/// to disk.
/// </summary>
internal sealed class ProtocolAgent : ReceiveActor, IWithTimers
{
    private readonly AgentInfo _info;
    private readonly IMasterLink _link;
    private readonly Random _random;
    private readonly Subscriptions _subscriptions;
    private readonly Dictionary<string, (MesosTask Task, FrameworkInfo Framework)> _tasks = new(StringComparer.Ordinal);
    private MasterSession _session = null!;
    private IActorRef _updates = ActorRefs.Nobody;

    private string? _master;

    public ProtocolAgent(AgentInfo info, IMasterLink link, Random random, Subscriptions subscriptions)
    {
        _info = info;
        _link = link;
        _random = random;
        _subscriptions = subscriptions;
        Receive<MasterConnected>(connected =>
        {
            _subscriptions.Saw(Self.Path.Name, $"connected to {connected.Master}, not subscribed yet");
            _session.Connected(connected);
        });
        Receive<MasterDisconnected>(disconnected =>
        {
            _subscriptions.Saw(Self.Path.Name, $"lost its master ({disconnected.Reason}), waiting for the link to find the leader");
            _session.Disconnected(disconnected);
        });
        Receive<MasterSession.SubscribeAttempt>(_ =>
        {
            _subscriptions.Saw(Self.Path.Name, $"sent SUBSCRIBE to {_session.Master}, no answer yet");
            _session.AttemptDue();
        });
        Receive<MasterSession.PingTimeout>(_ => _session.PingsMissed());
        Receive<AgentEvent>(OnEvent);
        Receive<StatusUpdateStreamEnded>(_ => { });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(AgentInfo info, IMasterLink link, Random random, Subscriptions subscriptions) =>
        Akka.Actor.Props.Create(() => new ProtocolAgent(info, link, random, subscriptions));

    protected override void PreStart()
    {
        _updates = Context.ActorOf(Akka.Actor.Props.Create(() => new StatusUpdateManagerActor(_link, null)), "updates");
        _session = new MasterSession(MasterSubscription.WithJitter(_random), _link, Timers, _updates, Describe, Context.GetLogger());
        _link.Attach(Self);
    }

    private void OnEvent(AgentEvent e)
    {
        switch (e.Type)
        {
            case AgentEvent.Types.Type.Subscribed:
                _session.Subscribed(e.Subscribed);
                _subscriptions.Saw(Self.Path.Name, $"subscribed with {e.Subscribed.MasterInfo.Id}");
                _subscriptions.Moved(_master, e.Subscribed.MasterInfo.Id);
                _master = e.Subscribed.MasterInfo.Id;
                break;
            case AgentEvent.Types.Type.Ping:
                _session.Ping(e.Ping);
                break;
            case AgentEvent.Types.Type.RunTask:
                Run(e.RunTask.Framework, e.RunTask.Task);
                break;
            case AgentEvent.Types.Type.KillTask:
                End(e.KillTask.FrameworkId, e.KillTask.TaskId);
                break;
            case AgentEvent.Types.Type.ShutdownFramework:
                foreach (var (task, _) in _tasks.Values.Where(t => t.Task.FrameworkId.Value == e.ShutdownFramework.FrameworkId.Value).ToList())
                {
                    End(task.FrameworkId, task.TaskId);
                }
                break;
            case AgentEvent.Types.Type.Acknowledge:
                _updates.Tell(new AcknowledgeStatusUpdate(e.Acknowledge.FrameworkId, e.Acknowledge.TaskId, e.Acknowledge.Uuid));
                break;
        }
    }

    private void Run(FrameworkInfo framework, TaskInfo info)
    {
        var task = new MesosTask
        {
            Name = info.Name,
            TaskId = info.TaskId,
            FrameworkId = framework.Id,
            AgentId = info.AgentId,
            State = TaskState.TaskRunning,
            Resources = { info.Resources },
        };
        _tasks[info.TaskId.Value] = (task, framework);
        _updates.Tell(new ForwardStatusUpdate(framework.Id, new TaskStatus { TaskId = info.TaskId, State = TaskState.TaskRunning, Source = TaskStatus.Types.Source.Executor }));
    }

    private void End(FrameworkID framework, TaskID taskId)
    {
        if (!_tasks.Remove(taskId.Value)) return;
        _updates.Tell(new ForwardStatusUpdate(framework, new TaskStatus { TaskId = taskId, State = TaskState.TaskKilled, Source = TaskStatus.Types.Source.Executor }));
    }

    /// <summary>What a SUBSCRIBE reports: the agent, and every task it holds with its framework.</summary>
    private AgentCall.Types.Subscribe Describe()
    {
        var info = _info.Clone();
        if (_session.AgentId is { } id) info.Id = id;
        var subscribe = new AgentCall.Types.Subscribe { AgentInfo = info };
        subscribe.Tasks.AddRange(_tasks.Values.Select(t => t.Task));
        subscribe.Frameworks.AddRange(_tasks.Values.Select(t => t.Framework).DistinctBy(f => f.Id.Value));
        return subscribe;
    }
}
