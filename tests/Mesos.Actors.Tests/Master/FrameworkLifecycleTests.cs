using System.Threading.Channels;
using Mesos.Actors.Protocol;
using Mesos.Actors.Master;
using Mesos.Internal;
using Mesos.V1;
using Mesos.V1.Scheduler;

namespace Mesos.Actors.Tests.Master;

public sealed class FrameworkLifecycleTests : MasterHarness
{
    [Fact]
    public void A_new_framework_gets_an_id_in_Mesos_format_and_a_SUBSCRIBED_event_first()
    {
        var framework = SubscribeFramework();
        framework.Id.Value.Should().Be("m1-0000");
        var first = Drain(framework.Events).First();
        first.Type.Should().Be(Event.Types.Type.Subscribed);
        first.Subscribed.FrameworkId.Should().Be(framework.Id);
        first.Subscribed.HeartbeatIntervalSeconds.Should().Be(15);
        first.Subscribed.MasterInfo.Hostname.Should().Be("master.test");
        SubscribeFramework("second").Id.Value.Should().Be("m1-0001");
    }

    [Fact]
    public void Subscribed_frameworks_get_a_heartbeat_at_once_then_every_15_seconds()
    {
        var framework = SubscribeFramework();
        Drain(framework.Events).Select(e => e.Type).Should().Equal([Event.Types.Type.Subscribed, Event.Types.Type.Heartbeat], "as Mesos' master, the first heartbeat follows SUBSCRIBED at once");
        Advance(TimeSpan.FromSeconds(45));
        Drain(framework.Events).Count(e => e.Type == Event.Types.Type.Heartbeat).Should().Be(3);
    }

    [Fact]
    public void Calls_need_the_current_stream_id_and_a_known_framework()
    {
        var framework = SubscribeFramework();
        var revive = new Call { Type = Call.Types.Type.Revive, FrameworkId = framework.Id };
        Master.Tell(new SchedulerCall(revive, "not-the-stream"), TestActor);
        ExpectMsg<CallRefused>().Reason.Should().Be(CallRefusal.NotSubscribed);
        Master.Tell(new SchedulerCall(new Call { Type = Call.Types.Type.Revive, FrameworkId = new() { Value = "nope" } }, framework.StreamId), TestActor);
        ExpectMsg<CallRefused>().Message.Should().Be("Framework cannot be found");
        Master.Tell(new SchedulerCall(new Call { Type = Call.Types.Type.Revive }, framework.StreamId), TestActor);
        ExpectMsg<CallRefused>().Message.Should().Contain("framework_id");
        Send(framework, new Call { Type = Call.Types.Type.Revive }).Should().Be(CallAccepted.Instance);
    }

    [Fact]
    public void A_framework_that_subscribes_again_with_its_id_keeps_it_and_its_old_stream_ends()
    {
        var framework = SubscribeFramework(failoverTimeout: 60);
        Drain(framework.Events);
        var again = SubscribeFramework(id: framework.Id);
        again.Id.Should().Be(framework.Id);
        Drain(framework.Events).Should().ContainSingle(e => e.Type == Event.Types.Type.Error && e.Error.Message == "Framework failed over");
        framework.Events.Completion.IsCompleted.Should().BeTrue();
        Drain(again.Events).First().Type.Should().Be(Event.Types.Type.Subscribed);
    }

    [Fact]
    public void A_disconnected_framework_is_removed_after_its_failover_timeout_and_its_tasks_killed()
    {
        var agent = SubscribeAgent();
        var framework = SubscribeFramework(failoverTimeout: 30);
        var offer = Offers(framework).Single();
        Send(framework, Launch(offer, "t1"));
        Master.Tell(new FrameworkStreamClosed(framework.Id, framework.StreamId), TestActor);
        Advance(TimeSpan.FromSeconds(29));
        Drain(agent.Events).Should().NotContain(e => e.Type == AgentEvent.Types.Type.ShutdownFramework);
        Advance(TimeSpan.FromSeconds(1));
        Drain(agent.Events).Should().ContainSingle(e => e.Type == AgentEvent.Types.Type.ShutdownFramework && e.ShutdownFramework.FrameworkId == framework.Id);
    }

    [Fact]
    public void A_framework_that_returns_within_its_failover_timeout_keeps_its_tasks()
    {
        var agent = SubscribeAgent();
        var framework = SubscribeFramework(failoverTimeout: 30);
        Send(framework, Launch(Offers(framework).Single(), "t1"));
        Master.Tell(new FrameworkStreamClosed(framework.Id, framework.StreamId), TestActor);
        Advance(TimeSpan.FromSeconds(20));
        SubscribeFramework(id: framework.Id, failoverTimeout: 30);
        Advance(TimeSpan.FromSeconds(60));
        Drain(agent.Events).Should().NotContain(e => e.Type == AgentEvent.Types.Type.ShutdownFramework);
    }

    [Fact]
    public void A_framework_whose_stream_lost_its_reader_before_it_was_subscribed_is_disconnected_and_holds_no_offer()
    {
        SubscribeAgent();
        // The HTTP side completes the writer when its client goes, here before the subscription reached the master.
        var gone = Channel.CreateUnbounded<Event>();
        gone.Writer.Complete();
        Master.Tell(new SubscribeFramework(new Call.Types.Subscribe { FrameworkInfo = new FrameworkInfo { Name = "gone", User = "root", FailoverTimeout = 60 } }, gone.Writer), TestActor);
        Answer<FrameworkSubscribed>();

        var other = SubscribeFramework("other");
        Advance(Settings.AllocationInterval);

        Offers(other).Should().ContainSingle("the agent's resources are not held by a framework nobody hears");
    }

    [Fact]
    public void Teardown_kills_the_frameworks_tasks_and_ends_its_stream()
    {
        var agent = SubscribeAgent();
        var framework = SubscribeFramework();
        Send(framework, Launch(Offers(framework).Single(), "t1"));
        Send(framework, new Call { Type = Call.Types.Type.Teardown }).Should().Be(CallAccepted.Instance);
        Drain(agent.Events).Should().ContainSingle(e => e.Type == AgentEvent.Types.Type.ShutdownFramework);
        Drain(framework.Events);
        framework.Events.Completion.IsCompleted.Should().BeTrue();
    }
}
