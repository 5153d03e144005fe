using Akka.Actor;
using Akka.TestKit;
using Mesos.Actors.Framework;
using Mesos.Actors.Settings;
using Mesos.V1;
using Xunit.Abstractions;

using static Mesos.Actors.Framework.SchedulerEvent;

namespace Mesos.Host.Tests.Framework;

/// <summary>The order in which a SchedulerActor makes its calls is the order in which a real master applies them.</summary>
public sealed class SchedulerCallOrderTests(ClusterFixture cluster, ITestOutputHelper output)
    : Akka.TestKit.Xunit2.TestKit(ReferenceConfig.Get(), "call-order-tests", output), IClassFixture<ClusterFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public void A_revive_made_after_a_decline_for_an_hour_is_applied_after_it_so_offers_keep_coming()
    {
        var events = CreateTestProbe();
        var settings = new SchedulerSettings(cluster.Master, new FrameworkInfo { User = "root", Name = "call-order" });
        var scheduler = Sys.ActorOf(Props.Create(() => new RecordingScheduler(settings, events.Ref)));
        events.ExpectMsg<Subscribed>(Deadline);

        // Had the revive overtaken the decline, the decline's filter would keep the agent away for an hour.
        for (var round = 0; round < 20; round++)
        {
            var offers = events.FishForMessage<ResourceOffers>(_ => true, Deadline, $"offers in round {round}");
            var reply = CreateTestProbe();
            scheduler.Tell(new RecordingScheduler.Invoke(s => s.CallDeclineForAnHourThenRevive(offers.Offers.Select(o => o.Id))), reply.Ref);
            reply.ExpectMsg<Status.Success>(Deadline);
        }
    }
}
