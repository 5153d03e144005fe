using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit;
using Mesos.Host.Master.HighAvailability;
using Xunit.Abstractions;

namespace Mesos.Host.Tests.HighAvailability;

/// <summary>
/// The host of the master's singleton manager in a cluster of one master (real Akka.Cluster on loopback), with
/// managers that stand for Akka's: one that runs the singleton, one stuck as Akka's is after handing over.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class MasterSingletonHostTests(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(Config, "singleton-host-tests", output)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private static Config Config => ConfigurationFactory.ParseString("""
        akka.actor.provider = cluster
        akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
        akka.cluster.roles = [master]
        akka.cluster.min-nr-of-members = 1
        """);

    [Fact]
    public void A_manager_that_never_starts_the_singleton_on_the_oldest_master_is_replaced_by_one_that_does()
    {
        JoinSelf();
        var started = CreateTestProbe();
        var managers = 0;
        Sys.ActorOf(MasterSingletonHost.Props(() => Manager.Props(started.Ref, ++managers, runsSingleton: managers > 1), Interval), "host");

        started.ExpectMsg("manager 1", Deadline);
        started.ExpectMsg("manager 2", Deadline);
        started.ExpectMsg("singleton", Deadline);
        started.ExpectNoMsg(Interval * 10);
    }

    [Fact]
    public void A_manager_that_runs_the_singleton_is_left_alone()
    {
        JoinSelf();
        var started = CreateTestProbe();
        var managers = 0;
        Sys.ActorOf(MasterSingletonHost.Props(() => Manager.Props(started.Ref, ++managers, runsSingleton: true), Interval), "host");

        started.ExpectMsg("manager 1", Deadline);
        started.ExpectMsg("singleton", Deadline);
        started.ExpectNoMsg(Interval * 10);
    }

    private void JoinSelf()
    {
        var cluster = Akka.Cluster.Cluster.Get(Sys);
        var up = CreateTestProbe();
        cluster.RegisterOnMemberUp(() => up.Ref.Tell("up"));
        cluster.Join(cluster.SelfAddress);
        up.ExpectMsg("up", Deadline);
    }

    /// <summary>Tells the probe it started, and starts the "singleton" child only if it is told to.</summary>
    private sealed class Manager : ReceiveActor
    {
        public Manager(IActorRef started, int number, bool runsSingleton)
        {
            started.Tell($"manager {number}");
            if (runsSingleton) Context.ActorOf(Akka.Actor.Props.Create(() => new Singleton(started)), "singleton");
        }

        public static Props Props(IActorRef started, int number, bool runsSingleton) =>
            Akka.Actor.Props.Create(() => new Manager(started, number, runsSingleton));
    }

    private sealed class Singleton : ReceiveActor
    {
        public Singleton(IActorRef started) => started.Tell("singleton");
    }
}
