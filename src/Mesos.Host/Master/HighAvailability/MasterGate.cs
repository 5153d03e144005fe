using Akka.Actor;
using Akka.Event;
using Mesos.Actors.Master;
using Mesos.Host.Http;

namespace Mesos.Host.Master.HighAvailability;

/// <summary>
/// What the endpoints send to "the master": every message goes on to this process's master actor while
/// it leads. In a cluster the master actor is a singleton that runs here only while this master is the
/// oldest; a call that slips past the follower check while there is none is answered 503. A master actor
/// that stops while the process still runs was deposed: the process stops too, as a Mesos master that
/// loses its leadership exits.
/// </summary>
internal sealed class MasterGate : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private IActorRef? _master;

    public MasterGate(IActorRef? master)
    {
        if (master is not null) Follow(master);
        Receive<MasterElected>(elected => Follow(elected.Master));
        Receive<Terminated>(t => t.ActorRef.Equals(_master), _ => Lost());
        ReceiveAny(message =>
        {
            if (_master is { } target) target.Forward(message);
            else Sender.Tell(new Status.Failure(new UnavailableException("This master does not lead (any more); ask /master/redirect for the leader")));
        });
    }

    public static Props Props(IActorRef? master) => Akka.Actor.Props.Create(() => new MasterGate(master));

    protected override void PreStart() => Context.System.EventStream.Subscribe<MasterElected>(Self);

    private void Follow(IActorRef master)
    {
        _master = master;
        Context.Watch(master);
    }

    private void Lost()
    {
        _master = null;
        var shutdown = CoordinatedShutdown.Get(Context.System);
        if (shutdown.ShutdownReason is not null) return;
        _log.Error("The master stopped while its process runs: it no longer leads, and the process stops");
        _ = shutdown.Run(CoordinatedShutdown.ClusterLeavingReason.Instance);
    }
}
