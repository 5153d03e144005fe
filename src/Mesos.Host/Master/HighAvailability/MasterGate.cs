using Akka.Actor;
using Akka.Event;
using Mesos.Actors.Master;
using Mesos.Host.Http;

namespace Mesos.Host.Master.HighAvailability;

/// <summary>
/// What the endpoints send to "the master": every message goes on to this process's master actor while
/// it leads. In a cluster the master actor is a singleton that runs here only while this master is the
/// oldest; a call that slips past the follower check while there is none is answered 503. A master actor
/// that stops while the process still runs was deposed (it found a later epoch in the registry), or this
/// master lost its place in the cluster: the process stops too, as a Mesos master that loses its leadership
/// exits. One exception: the singleton manager handed the master over to a member that is now older while
/// this one stays a healthy member (<see cref="HandOverVerdict"/>); then this master follows the new leader.
/// </summary>
internal sealed class MasterGate : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly int? _quorum;
    private IActorRef? _master;
    private bool _deposed;

    /// <param name="quorum">--quorum of the cluster this master is one of; null for a master that runs alone.</param>
    public MasterGate(IActorRef? master, int? quorum)
    {
        _quorum = quorum;
        if (master is not null) Follow(master);
        Receive<MasterElected>(elected => Follow(elected.Master));
        Receive<MasterDeposed>(deposed => deposed.Master.Equals(_master), _ => { _deposed = true; });
        Receive<Terminated>(t => t.ActorRef.Equals(_master), _ => Stopped());
        ReceiveAny(message =>
        {
            if (_master is { } target) target.Forward(message);
            else Sender.Tell(new Status.Failure(new UnavailableException("This master does not lead (any more); ask /master/redirect for the leader")));
        });
    }

    public static Props Props(IActorRef? master, int? quorum) => Akka.Actor.Props.Create(() => new MasterGate(master, quorum));

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe<MasterElected>(Self);
        Context.System.EventStream.Subscribe<MasterDeposed>(Self);
    }

    private void Follow(IActorRef master)
    {
        _master = master;
        _deposed = false;
        Context.Watch(master);
    }

    private void Stopped()
    {
        var deposed = _deposed;
        _master = null;
        _deposed = false;
        if (!deposed && _quorum is { } quorum && HandedOver(quorum) is { } leader)
        {
            _log.Info("The master was handed over to {0}, now the oldest master: this master follows it, and leads again once it is the oldest", leader.Address);
            return;
        }
        var shutdown = CoordinatedShutdown.Get(Context.System);
        if (shutdown.ShutdownReason is not null) return;
        _log.Error("The master stopped while its process runs: it no longer leads, and the process stops");
        _ = shutdown.Run(CoordinatedShutdown.ClusterLeavingReason.Instance);
    }

    private Akka.Cluster.Member? HandedOver(int quorum)
    {
        var cluster = Akka.Cluster.Cluster.Get(Context.System);
        var state = cluster.State;
        return HandOverVerdict.HandedOverTo(state.Members, state.Unreachable, cluster.SelfUniqueAddress, quorum);
    }
}
