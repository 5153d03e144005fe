using Mesos.Actors.Protocol;
using Mesos.Actors.Master;
using Mesos.Internal;
using Mesos.V1;
using Resources = Mesos.Actors.Protocol.Resources;
using TaskStatus = Mesos.V1.TaskStatus;
using Mesos.V1.Scheduler;

namespace Mesos.Actors.Tests.Master;

public sealed class OfferAndTaskTests : MasterHarness
{
    [Fact]
    public void An_agents_resources_are_offered_to_a_subscribed_framework()
    {
        var agent = SubscribeAgent("cpus:2;mem:1024;ports:[31000-31009]");
        agent.Id.Value.Should().Be("m1-S0");
        var framework = SubscribeFramework();
        var offer = Offers(framework).Single();
        offer.Id.Value.Should().Be("m1-O0");
        offer.AgentId.Should().Be(agent.Id);
        offer.Hostname.Should().Be("agent.test");
        var offered = Resources.FromProtos(offer.Resources);
        offered.Scalar("cpus").Should().Be(2);
        offered.Scalar("mem").Should().Be(1024);
        offered.Ranges("ports").Should().Equal((31000ul, 31009ul));
        offer.Resources.Should().OnlyContain(r => r.AllocationInfo.Role == "*");
    }

    [Fact]
    public void Accepting_an_offer_launches_the_task_on_the_agent_and_updates_flow_back()
    {
        var agent = SubscribeAgent();
        var framework = SubscribeFramework();
        var offer = Offers(framework).Single();
        Send(framework, Launch(offer, "t1")).Should().Be(CallAccepted.Instance);

        var run = Drain(agent.Events).Single(e => e.Type == AgentEvent.Types.Type.RunTask).RunTask;
        run.Task.TaskId.Value.Should().Be("t1");
        run.Task.AgentId.Should().Be(agent.Id);
        run.Framework.Id.Should().Be(framework.Id);

        AgentSends(agent, StatusUpdate(framework.Id, "t1", TaskState.TaskRunning, out var uuid)).Should().Be(CallAccepted.Instance);
        var update = Drain(framework.Events).Single(e => e.Type == Event.Types.Type.Update).Update.Status;
        update.State.Should().Be(TaskState.TaskRunning);
        update.Uuid.Should().Equal(uuid);
        update.AgentId.Should().Be(agent.Id);

        Send(framework, new Call { Type = Call.Types.Type.Acknowledge, Acknowledge = new() { AgentId = agent.Id, TaskId = new() { Value = "t1" }, Uuid = uuid } });
        Drain(agent.Events).Should().ContainSingle(e => e.Type == AgentEvent.Types.Type.Acknowledge && e.Acknowledge.Uuid == uuid);
    }

    [Theory]
    [InlineData(TaskState.TaskRunning)]
    [InlineData(TaskState.TaskFinished)]
    public void An_update_the_agent_sends_again_after_its_framework_acknowledged_it_is_acknowledged_again_not_delivered_twice(TaskState state)
    {
        var agent = SubscribeAgent();
        var framework = SubscribeFramework();
        Send(framework, Launch(Offers(framework).Single(), "t1"));
        Drain(agent.Events);
        var update = StatusUpdate(framework.Id, "t1", state, out var uuid);
        AgentSends(agent, update);
        Drain(framework.Events).Should().ContainSingle(e => e.Type == Event.Types.Type.Update);
        Send(framework, new Call { Type = Call.Types.Type.Acknowledge, Acknowledge = new() { AgentId = agent.Id, TaskId = new() { Value = "t1" }, Uuid = uuid } });
        Drain(agent.Events);

        // The acknowledgement never reached the agent, which sends the update again.
        AgentSends(agent, update).Should().Be(CallAccepted.Instance);

        Drain(framework.Events).Should().NotContain(e => e.Type == Event.Types.Type.Update);
        Drain(agent.Events).Should().ContainSingle(e => e.Type == AgentEvent.Types.Type.Acknowledge && e.Acknowledge.Uuid == uuid);
    }

    [Fact]
    public void An_update_its_framework_has_not_acknowledged_yet_is_delivered_again_when_the_agent_sends_it_again()
    {
        var agent = SubscribeAgent();
        var framework = SubscribeFramework();
        Send(framework, Launch(Offers(framework).Single(), "t1"));
        var update = StatusUpdate(framework.Id, "t1", TaskState.TaskRunning, out var uuid);
        AgentSends(agent, update);
        Drain(framework.Events);

        AgentSends(agent, update);

        Drain(framework.Events).Should().ContainSingle(e => e.Type == Event.Types.Type.Update).Which.Update.Status.Uuid.Should().Equal(uuid);
    }

    [Fact]
    public void A_task_that_needs_more_than_the_offer_ends_with_TASK_ERROR_and_a_message()
    {
        SubscribeAgent("cpus:4;mem:4096");
        var framework = SubscribeFramework();
        Send(framework, Launch(Offers(framework).Single(), "t1", "cpus:8;mem:128"));
        var error = Drain(framework.Events).Single(e => e.Type == Event.Types.Type.Update).Update.Status;
        error.State.Should().Be(TaskState.TaskError);
        error.Reason.Should().Be(TaskStatus.Types.Reason.TaskInvalid);
        error.Message.Should().Contain("more than available");
    }

    [Fact]
    public void A_task_id_already_in_use_ends_with_TASK_ERROR()
    {
        SubscribeAgent();
        var framework = SubscribeFramework();
        Send(framework, Launch(Offers(framework).Single(), "t1"));
        Send(framework, new Call { Type = Call.Types.Type.Revive });
        Send(framework, Launch(Offers(framework).Single(), "t1"));
        var error = Drain(framework.Events).Single(e => e.Type == Event.Types.Type.Update).Update.Status;
        error.State.Should().Be(TaskState.TaskError);
        error.Message.Should().Contain("already in use");
    }

    [Theory]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("")]
    public void Task_ids_that_cannot_name_a_directory_are_invalid(string taskId)
    {
        SubscribeAgent();
        var framework = SubscribeFramework();
        Send(framework, Launch(Offers(framework).Single(), taskId));
        Drain(framework.Events).Single(e => e.Type == Event.Types.Type.Update).Update.Status.State.Should().Be(TaskState.TaskError);
    }

    [Fact]
    public void Declined_agents_are_not_offered_again_until_refuse_seconds_pass()
    {
        SubscribeAgent();
        var framework = SubscribeFramework();
        var offer = Offers(framework).Single();
        Send(framework, new Call { Type = Call.Types.Type.Decline, Decline = new() { OfferIds = { offer.Id }, Filters = new() { RefuseSeconds = 10 } } });
        Advance(TimeSpan.FromSeconds(9));
        Offers(framework).Should().BeEmpty();
        Advance(TimeSpan.FromSeconds(1));
        Offers(framework).Should().ContainSingle();
    }

    [Fact]
    public void Unused_resources_of_an_accepted_offer_are_offered_again_after_the_default_filter()
    {
        SubscribeAgent("cpus:4;mem:4096");
        var framework = SubscribeFramework();
        Send(framework, Launch(Offers(framework).Single(), "t1", "cpus:1;mem:128"));
        Advance(TimeSpan.FromSeconds(4));
        Offers(framework).Should().BeEmpty();
        Advance(TimeSpan.FromSeconds(1));
        var offered = Resources.FromProtos(Offers(framework).Single().Resources);
        offered.Scalar("cpus").Should().Be(3);
        offered.Scalar("mem").Should().Be(3968);
    }

    [Fact]
    public void A_suppressed_framework_gets_no_offers_until_it_revives()
    {
        SubscribeAgent();
        var framework = SubscribeFramework();
        Send(framework, new Call { Type = Call.Types.Type.Suppress });
        Offers(framework);
        Drain(framework.Events).Should().BeEmpty();
        Advance(TimeSpan.FromSeconds(10));
        Offers(framework).Should().BeEmpty();
        Send(framework, new Call { Type = Call.Types.Type.Revive });
        Offers(framework).Should().ContainSingle();
    }

    [Fact]
    public void Kill_reaches_the_agent_running_the_task()
    {
        var agent = SubscribeAgent();
        var framework = SubscribeFramework();
        Send(framework, Launch(Offers(framework).Single(), "t1"));
        Send(framework, new Call { Type = Call.Types.Type.Kill, Kill = new() { TaskId = new() { Value = "t1" } } });
        Drain(agent.Events).Should().ContainSingle(e => e.Type == AgentEvent.Types.Type.KillTask && e.KillTask.TaskId.Value == "t1");
    }

    [Fact]
    public void Frameworks_holding_equal_shares_take_turns_at_a_declined_agent()
    {
        SubscribeAgent();
        var first = SubscribeFramework("first");
        var second = SubscribeFramework("second");
        var receivers = new List<string>();
        for (var round = 0; round < 4; round++)
        {
            var offer = Offers(first).Concat(Offers(second)).Single();
            receivers.Add(offer.FrameworkId.Value);
            var owner = offer.FrameworkId == first.Id ? first : second;
            Send(owner, new Call { Type = Call.Types.Type.Decline, Decline = new() { OfferIds = { offer.Id }, Filters = new() { RefuseSeconds = 0 } } });
        }
        receivers.Distinct().Should().HaveCount(2, "neither framework may starve the other");
    }

    [Fact]
    public void Two_frameworks_share_two_agents_one_each()
    {
        var first = SubscribeFramework("first");
        var second = SubscribeFramework("second");
        SubscribeAgent(hostname: "a1");
        SubscribeAgent(hostname: "a2");
        var offers = Offers(first).Concat(Offers(second)).ToArray();
        offers.Select(o => o.AgentId.Value).Should().OnlyHaveUniqueItems().And.HaveCount(2);
        offers.Select(o => o.FrameworkId.Value).Distinct().Should().HaveCount(2);
    }
}
