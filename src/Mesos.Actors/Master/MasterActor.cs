using Mesos.Actors.Protocol;
using Mesos.Actors.Master.Agents;
using Mesos.Actors.Master.Frameworks;
using Mesos.Actors.Master.Operator;
using Mesos.Actors.Master.Planning;
using Mesos.Actors.Master.State;
using Mesos.Actors.Master.Tasks;
using Akka.Actor;
using Mesos.V1;
using Akka.Event;

namespace Mesos.Actors.Master;

/// <summary>
/// The leading master: frameworks and agents subscribe to it, it offers the agents' resources to
/// frameworks, launches what they accept on the agents, and carries status updates back. One child
/// session per framework and per agent holds its connection; the state lives here, in partial
/// files by concern. It starts by recovering its registry (see MasterActor.Registry.cs), holding
/// every message until then.
/// </summary>
public sealed partial class MasterActor : ReceiveActor, IWithTimers, IWithUnboundedStash
{
    private readonly MasterSettings _settings;
    private readonly MasterInfo _info;
    private readonly MasterIds _ids;
    private readonly Dictionary<string, FrameworkState> _frameworks = [];
    private readonly Dictionary<string, AgentState> _agents = [];
    private readonly ILoggingAdapter _log;

    public MasterActor(MasterSettings settings, MasterInfo info)
    {
        _settings = settings;
        _info = info;
        _ids = new MasterIds(info.Id);
        _log = Context.GetLogger();
        _tasks = new TaskBook(settings.MaxCompletedTasksPerFramework);
        _operators = new OperatorSubscribers(settings.MaxOperatorEventStreamSubscribers);
        _planning = new PlanningState(_offers, _tasks, id => _agents[id]);
        Become(Recovering);
    }

    /// <summary>The master at work, once its registry is recovered.</summary>
    private void Serving()
    {
        Receive<SubscribeFramework>(OnSubscribeFramework);
        Receive<SchedulerCall>(OnSchedulerCall);
        Receive<FrameworkStreamClosed>(OnFrameworkStreamClosed);
        Receive<FailoverTimedOut>(OnFailoverTimedOut);
        Receive<TeardownFramework>(OnTeardownFramework);
        Receive<SubscribeAgent>(OnSubscribeAgent);
        Receive<AgentCallReceived>(OnAgentCall);
        Receive<AgentStreamClosed>(OnAgentStreamClosed);
        Receive<AgentUnreachable>(OnAgentUnreachable);
        Receive<AgentSession.PingDue>(due => Sender.Tell(due, Self));
        Receive<DeclareAgentGone>(OnDeclareAgentGone);
        Receive<LogRegistrations>(_ => OnLogRegistrations());
        ReceiveAllocation();
        ReceiveReservations();
        ReceiveStateQueries();
        ReceiveOperatorSubscriptions();
        ReceiveRoleConfig();
        ReceiveOfferDiagnosis();
        ReceiveRegistry();
        ReceiveMetrics();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public IStash Stash { get; set; } = null!;

    /// <summary>The master's Props: <paramref name="info"/> says how others reach it.</summary>
    public static Props Props(MasterSettings settings, MasterInfo info) =>
        Akka.Actor.Props.Create(() => new MasterActor(settings, info));

    private DateTimeOffset Now => Context.System.Scheduler.Now;

    private long _sessions;

    private static string NewStreamId() => Guid.NewGuid().ToString();

    // Sessions are named by a counter, never by the framework's or agent's ID: a client chooses those,
    // and an ID that is no valid actor name must not be able to fail the master. The counter also
    // lets a framework removed and subscribed again get a new session while the old one is stopping.
    private string SessionName(string kind) => $"{kind}-{_sessions++}";

    private static CallRefused Invalid(string message) => new(CallRefusal.Invalid, message);

    private static CallRefused Unavailable(string message) => new(CallRefusal.Unavailable, message);
}
