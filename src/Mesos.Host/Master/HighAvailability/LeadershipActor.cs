using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Mesos.Actors.Framework;
using Mesos.Actors.Master;

namespace Mesos.Host.Master.HighAvailability;

/// <summary>
/// Follows the cluster's members and this master's own master actor, and keeps <see cref="Leadership"/>
/// true: the leader is the oldest master that is Up (where the singleton runs), none while that master
/// is unreachable (it may be dead; its successor is not chosen yet). This master leads once its master
/// actor says it was elected, until that actor stops.
/// </summary>
internal sealed class LeadershipActor : ReceiveActor
{
    private readonly Leadership _leadership;
    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly HashSet<Member> _members = [];
    private readonly HashSet<UniqueAddress> _unreachable = [];
    private MasterElected? _elected;
    private LeaderView? _last;

    public LeadershipActor(Leadership leadership)
    {
        _leadership = leadership;
        Receive<ClusterEvent.IMemberEvent>(OnMemberEvent);
        Receive<ClusterEvent.UnreachableMember>(e => Changed(() => _unreachable.Add(e.Member.UniqueAddress)));
        Receive<ClusterEvent.ReachableMember>(e => Changed(() => _unreachable.Remove(e.Member.UniqueAddress)));
        Receive<MasterElected>(elected => Changed(() =>
        {
            _elected = elected;
            Context.Watch(elected.Master);
        }));
        Receive<Terminated>(t => t.ActorRef.Equals(_elected?.Master), _ => Changed(() => _elected = null));
    }

    public static Props Props(Leadership leadership) => Akka.Actor.Props.Create(() => new LeadershipActor(leadership));

    protected override void PreStart()
    {
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));
        Context.System.EventStream.Subscribe<MasterElected>(Self);
    }

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    private void OnMemberEvent(ClusterEvent.IMemberEvent e) => Changed(() =>
    {
        // Tests and operators wait for this before stopping another master: while this one is still
        // Joining it does not count towards a quorum, and losing another master then loses the majority.
        if (e is ClusterEvent.MemberUp && e.Member.UniqueAddress.Equals(_cluster.SelfUniqueAddress))
            _log.Info("This master is Up in the cluster");
        _members.RemoveWhere(m => m.UniqueAddress.Equals(e.Member.UniqueAddress));
        if (e is not ClusterEvent.MemberRemoved) _members.Add(e.Member);
        else _unreachable.Remove(e.Member.UniqueAddress);
    });

    private void Changed(Action change)
    {
        change();
        var view = Decide();
        if (view == _last) return;
        _last = view;
        _leadership.Update(view);
        _log.Info(view.Leading ? "This master leads (epoch {0})" : view.Leader is { } leader ? "The leading master is {1}" : "No master leads at the moment",
            view.Epoch, view.Leader?.ToString() ?? "");
    }

    private LeaderView Decide()
    {
        var oldest = MasterCluster.Oldest(_members);
        var self = oldest is not null && oldest.UniqueAddress.Equals(_cluster.SelfUniqueAddress);
        if (self && _elected is { } elected) return new LeaderView(true, HttpAddressOf(oldest!), elected.Epoch) { Info = elected.Info, Member = oldest };
        if (oldest is null || self || _unreachable.Contains(oldest.UniqueAddress)) return new LeaderView(false, null, 0);
        return new LeaderView(false, HttpAddressOf(oldest), 0) { Member = oldest };
    }

    private static MasterAddress? HttpAddressOf(Member member) => MasterCluster.AddressIn(member, MasterCluster.HttpRolePrefix);
}
