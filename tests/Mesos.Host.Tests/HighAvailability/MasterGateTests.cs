using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using Mesos.Actors.Master;
using Mesos.Host.Http;
using Mesos.Host.Master.HighAvailability;
using MasterInfo = Mesos.V1.MasterInfo;

namespace Mesos.Host.Tests.HighAvailability;

/// <summary>
/// The gate in front of the master, on two masters that form a real Akka.Cluster on loopback (two ActorSystems in
/// this process), with an actor that stands for the master and stops as the singleton manager or the registry stop
/// it: a master handed over to a member that is older leaves its process running as a follower, while a deposed
/// master, or the oldest's own, stops its process.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class MasterGateTests : IAsyncLifetime
{
    private const int Quorum = 2;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static readonly Config Config = ConfigurationFactory.ParseString("""
        akka.actor.provider = cluster
        akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
        akka.cluster.roles = [master]
        akka.cluster.min-nr-of-members = 1
        """);

    private readonly ActorSystem _oldest = ActorSystem.Create(MasterCluster.SystemName, Config);
    private readonly ActorSystem _younger = ActorSystem.Create(MasterCluster.SystemName, Config);

    public async Task InitializeAsync()
    {
        var first = Akka.Cluster.Cluster.Get(_oldest);
        first.Join(first.SelfAddress);
        await Condition.Until(() => first.State.Members.Any(m => m.Status == MemberStatus.Up), Deadline);
        Akka.Cluster.Cluster.Get(_younger).Join(first.SelfAddress);
        await Condition.Until(() => new[] { _oldest, _younger }.All(s => Akka.Cluster.Cluster.Get(s).State.Members.Count(m => m.Status == MemberStatus.Up) == 2), Deadline);
    }

    public async Task DisposeAsync()
    {
        await Task.WhenAll(_younger.Terminate(), _oldest.Terminate());
    }

    [Fact]
    public async Task A_master_handed_over_to_an_older_member_leaves_its_process_running_as_a_follower()
    {
        var (gate, master) = await Elected(_younger);

        // What Akka's singleton manager does once the older member asks for the singleton.
        master.Tell(PoisonPill.Instance);

        await Condition.Until(async () => await Answer(gate) == Unavailable, Deadline);
        CoordinatedShutdown.Get(_younger).ShutdownReason.Should().BeNull("a clean hand-over leaves this master a follower");
        _younger.WhenTerminated.IsCompleted.Should().BeFalse();
    }

    [Fact]
    public Task A_deposed_master_stops_its_process_even_while_another_member_is_older() => ProcessStops(_younger, StandIn.Depose);

    [Fact]
    public Task The_oldest_masters_own_master_stopping_stops_its_process() => ProcessStops(_oldest, PoisonPill.Instance);

    /// <summary>The master of <paramref name="system"/>, told <paramref name="stop"/>, stops, and the process (its ActorSystem) with it.</summary>
    private static async Task ProcessStops(ActorSystem system, object stop)
    {
        var (_, master) = await Elected(system);

        master.Tell(stop);

        await Condition.Until(() => system.WhenTerminated.IsCompleted, Deadline);
        CoordinatedShutdown.Get(system).ShutdownReason.Should().Be(CoordinatedShutdown.ClusterLeavingReason.Instance);
    }

    private const string Unavailable = "unavailable";

    /// <summary>A gate and a master it forwards to, as once the master recovered the registry and said so.</summary>
    private static async Task<(IActorRef Gate, IActorRef Master)> Elected(ActorSystem system)
    {
        var gate = system.ActorOf(MasterGate.Props(null, Quorum), "master-gate");
        var master = system.ActorOf(Props.Create(() => new StandIn()), "master");
        // Said again until the gate forwards: it subscribes to the event stream once it has started, after ActorOf returned.
        await Condition.Until(async () =>
        {
            system.EventStream.Publish(new MasterElected(master, new MasterInfo(), Epoch: 1));
            return await Answer(gate) == StandIn.Pong;
        }, Deadline);
        return (gate, master);
    }

    private static async Task<string?> Answer(IActorRef gate)
    {
        try
        {
            var answer = await gate.Ask<object>(StandIn.Ping, TimeSpan.FromMilliseconds(500));
            return answer is Status.Failure { Cause: UnavailableException } ? Unavailable : answer as string;
        }
        catch (UnavailableException)
        {
            return Unavailable;
        }
        catch (AskTimeoutException)
        {
            return null;
        }
    }

    /// <summary>Answers pings as the master answers calls; told to, it is deposed as the master is when the registry has a later epoch.</summary>
    private sealed class StandIn : ReceiveActor
    {
        public const string Ping = "ping";
        public const string Pong = "pong";
        public const string Depose = "depose";

        public StandIn()
        {
            Receive<string>(m => m == Ping, _ => Sender.Tell(Pong));
            Receive<string>(m => m == Depose, _ =>
            {
                Context.System.EventStream.Publish(new MasterDeposed(Self, Epoch: 2));
                Context.Stop(Self);
            });
        }
    }
}
