using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Tools.Singleton;
using Akka.Event;

namespace Mesos.Host.Master.HighAvailability;

/// <summary>
/// Parent of the master's <see cref="ClusterSingletonManager"/>, which it starts again when that manager has
/// given up. Akka's manager hands its singleton over to any member that becomes older than this one, and
/// afterwards waits in its End state for this member's removal, expecting to be leaving: it never runs the
/// singleton again. A member can become older without leaving while the cluster forms (two members given the
/// same up-number by leaders that had not converged, the tie broken by address); this master then stays a
/// member that cannot lead, and once the older one is gone no master leads at all. So while this master is the
/// oldest and all older ones are removed, it asks whether the singleton runs here; when it has not started
/// after a few asks, the manager is replaced by a fresh one, which starts it.
/// </summary>
internal sealed class MasterSingletonHost : ReceiveActor, IWithTimers
{
    private const string ManagerName = "master";
    private const int MissesBeforeRestart = 3;

    private readonly Func<Props> _manager;
    private readonly TimeSpan _checkInterval;
    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly HashSet<Member> _members = [];
    private IActorRef _current = ActorRefs.Nobody;
    private int _misses;
    private bool _replacing;

    public MasterSingletonHost(Func<Props> manager, TimeSpan checkInterval)
    {
        _manager = manager;
        _checkInterval = checkInterval;
        Receive<ClusterEvent.IMemberEvent>(e =>
        {
            _members.RemoveWhere(m => m.UniqueAddress.Equals(e.Member.UniqueAddress));
            if (e is not ClusterEvent.MemberRemoved) _members.Add(e.Member);
        });
        Receive<Check>(_ => Ask());
        Receive<ActorIdentity>(OnIdentity);
        // A manager that stops on its own does so because this master was downed or removed: nothing to host.
        Receive<Terminated>(t => t.ActorRef.Equals(_current), _ =>
        {
            if (_replacing) StartManager();
            else Context.Stop(Self);
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="checkInterval">How often it asks, while this master is the oldest, whether the singleton runs.</param>
    public static Props Props(Func<Props> manager, TimeSpan checkInterval) =>
        Akka.Actor.Props.Create(() => new MasterSingletonHost(manager, checkInterval));

    protected override void PreStart()
    {
        StartManager();
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.IMemberEvent));
        Timers.StartPeriodicTimer(nameof(Check), Check.Instance, _checkInterval);
    }

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    private void StartManager()
    {
        _misses = 0;
        _replacing = false;
        _current = Context.Watch(Context.ActorOf(_manager(), ManagerName));
    }

    private void Ask()
    {
        var oldest = MasterCluster.Oldest(_members);
        if (oldest is null || !oldest.UniqueAddress.Equals(_cluster.SelfUniqueAddress) || _replacing)
        {
            _misses = 0;
            return;
        }
        Context.ActorSelection(_current.Path / "singleton").Tell(new Identify(_current));
    }

    private void OnIdentity(ActorIdentity identity)
    {
        if (!Equals(identity.MessageId, _current) || _replacing) return;
        if (identity.Subject is not null)
        {
            _misses = 0;
            return;
        }
        if (++_misses < MissesBeforeRestart) return;
        _log.Warning("This master is the oldest, but its singleton manager has not started the master for {0}: starting a new manager",
            _checkInterval * _misses);
        // Its name is free for the new one once it has stopped (Terminated).
        _replacing = true;
        Context.Stop(_current);
    }

    private sealed record Check
    {
        public static readonly Check Instance = new();
    }
}
