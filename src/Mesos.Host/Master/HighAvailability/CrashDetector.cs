using System.Net.Sockets;
using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Akka.Remote;

namespace Mesos.Host.Master.HighAvailability;

/// <summary>
/// Downs a master that crashed as soon as its cluster port refuses connections, and quarantines that incarnation
/// so that the cluster takes it for terminated, instead of waiting for the failure detector (about 4 s) and the
/// split brain resolver's stable-after (2 s): when the connection to a
/// master drops (Akka.Remote's <see cref="DisassociatedEvent"/>) or it turns unreachable, this master tries
/// to connect to that master's cluster port, and downs it after <see cref="CrashVerdict.RefusalsNeeded"/>
/// refusals in a row if it still sees a quorum (<see cref="CrashVerdict"/>). A connection that times out
/// (a partition that drops packets, a host that is gone) decides nothing: the failure detector and the
/// resolver go on as before.
/// </summary>
internal sealed class CrashDetector : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan BetweenProbes = TimeSpan.FromMilliseconds(100);

    private readonly int _quorum;
    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly HashSet<UniqueAddress> _probing = [];

    public CrashDetector(int quorum)
    {
        _quorum = quorum;
        Receive<DisassociatedEvent>(e => Suspect(e.RemoteAddress));
        Receive<ClusterEvent.UnreachableMember>(e => Suspect(e.Member.Address));
        Receive<Probed>(OnProbed);
        Receive<Retry>(r => Probe(r.Member, r.Refusals));
        Receive<ClusterEvent.IClusterDomainEvent>(_ => { });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(int quorum) => Akka.Actor.Props.Create(() => new CrashDetector(quorum));

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe<DisassociatedEvent>(Self);
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.UnreachableMember));
    }

    protected override void PostStop()
    {
        Context.System.EventStream.Unsubscribe(Self);
        _cluster.Unsubscribe(Self);
    }

    private void Suspect(Address address)
    {
        if (MasterAt(address) is not { } member || !_probing.Add(member.UniqueAddress)) return;
        Probe(member, refusals: 0);
    }

    private void Probe(Member member, int refusals)
    {
        var self = Self;
        Refused(member.Address).ContinueWith(t => new Probed(member, t.IsCompletedSuccessfully && t.Result ? refusals + 1 : 0), TaskScheduler.Default).PipeTo(self);
    }

    private void OnProbed(Probed probed)
    {
        var member = probed.Member;
        // Gone from the cluster meanwhile, or started again as another incarnation at that address: nothing to down.
        if (MasterAt(member.Address) is not { } current || !current.UniqueAddress.Equals(member.UniqueAddress) || probed.Refusals == 0)
        {
            _probing.Remove(member.UniqueAddress);
            return;
        }
        if (probed.Refusals < CrashVerdict.RefusalsNeeded)
        {
            Timers.StartSingleTimer(member.UniqueAddress, new Retry(member, probed.Refusals), BetweenProbes);
            return;
        }
        _probing.Remove(member.UniqueAddress);
        var state = _cluster.State;
        var reachable = state.Members.Count(m => m.HasRole(MasterCluster.Role) && m.Status is MemberStatus.Up or MemberStatus.Leaving
            && !m.UniqueAddress.Equals(member.UniqueAddress) && !state.Unreachable.Contains(m));
        if (!CrashVerdict.MayDown(reachable, _quorum, probed.Refusals))
        {
            _log.Info("The master at {0} refuses connections, but only {1} of the {2} masters needed are reachable: the split brain resolver decides", member.Address, reachable, _quorum);
            return;
        }
        _log.Warning("Downing the master at {0}: its cluster port refuses connections, it is not running", member.Address);
        _cluster.Down(member.Address);
        // The cluster removes a downed member only once it is unreachable or terminated: quarantining its incarnation,
        // which is dead and can never come back, marks it terminated now rather than after the failure detector's pause.
        if (Context.System is ExtendedActorSystem { Provider: IRemoteActorRefProvider remoting }) remoting.Quarantine(member.Address, member.UniqueAddress.Uid);
    }

    private Member? MasterAt(Address address) =>
        _cluster.State.Members.FirstOrDefault(m => m.Address.Equals(address) && m.HasRole(MasterCluster.Role) && !m.Address.Equals(_cluster.SelfAddress)
            && m.Status is MemberStatus.Up or MemberStatus.Leaving or MemberStatus.Joining or MemberStatus.WeaklyUp);

    /// <summary>True when a connection to <paramref name="address"/> is refused; false when it opens or times out.</summary>
    private static async Task<bool> Refused(Address address)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        using var timeout = new CancellationTokenSource(ProbeTimeout);
        try
        {
            await socket.ConnectAsync(address.Host!, address.Port!.Value, timeout.Token);
            return false;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    private sealed record Probed(Member Member, int Refusals);

    private sealed record Retry(Member Member, int Refusals);
}
