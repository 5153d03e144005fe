using Mesos.Actors.Master.Allocation;
using Mesos.Actors.Protocol;
using Mesos.Internal;
using Mesos.V1;
using static Mesos.Actors.Tests.Master.Planning.PlannerHarness;

namespace Mesos.Actors.Tests.Master.Planning;

/// <summary>RESERVE and UNRESERVE in an ACCEPT convert what is left of the offers, so later operations use the reservation.</summary>
public sealed class ReservationPlanTests
{
    private readonly PlannerHarness _harness = new(role: "ads", principal: "ops");

    [Fact]
    public void RESERVE_then_LAUNCH_in_one_ACCEPT_launches_the_task_on_the_reservation_just_made()
    {
        var agent = _harness.Agent("cpus:2;mem:1024");
        var offer = _harness.Offer(agent, "cpus:2;mem:1024", role: "ads");
        var reserve = Reserve(Reserved("cpus:1;mem:128", "ads"));
        var task = Task("t1", "cpus:1;mem:128");
        task.Resources.Clear();
        task.Resources.AddRange(Reserved("cpus:1;mem:128", "ads"));

        var plan = _harness.Accept([offer], reserve, Launch(task));

        plan.Updates.Should().BeEmpty();
        plan.DroppedOperations.Should().BeEmpty();
        var total = R("cpus:1;mem:896") + Resources.FromProtos(Reserved("cpus:1;mem:128", "ads"));
        plan.Agent!.Total.Should().Be(total);
        plan.Agent.Events.Select(e => e.Type).Should().Equal(AgentEvent.Types.Type.CheckpointResources, AgentEvent.Types.Type.RunTask);
        Resources.FromProtos(plan.Agent.Events[0].CheckpointResources.Resources).Should().Be(total, "the agent is told its reservations");
        plan.Agent.Tasks.Should().ContainSingle().Which.Resources.Should().OnlyContain(r => r.AllocationInfo.Role == "ads");
        plan.AllocatorChanges.Should().Equal(
            new AllocationConverted("f1", agent.Id.Value, "ads", reserve),
            new ResourcesRecovered("f1", agent.Id.Value, "ads", R("cpus:1;mem:896"), 5));
    }

    [Fact]
    public void A_task_on_reserved_resources_that_the_offer_does_not_hold_ends_with_TASK_ERROR()
    {
        var agent = _harness.Agent("cpus:2;mem:1024");
        var offer = _harness.Offer(agent, "cpus:2;mem:1024", role: "ads");
        var task = Task("t1", "cpus:1;mem:128");
        task.Resources.Clear();
        task.Resources.AddRange(Reserved("cpus:1;mem:128", "ads"));

        var plan = _harness.Accept([offer], Launch(task));

        plan.Updates.Should().ContainSingle().Which.State.Should().Be(TaskState.TaskError);
        plan.Agent!.Total.Should().BeNull("nothing was reserved");
    }

    [Theory]
    [InlineData("web", "ops", "The reservation's role 'web' is not the offer's role 'ads'")]
    [InlineData("ads", "someone", "The reservation's principal 'someone' is not the framework's principal 'ops'")]
    public void A_RESERVE_the_framework_may_not_make_is_dropped_and_the_offers_stay_as_they_were(string role, string principal, string reason)
    {
        var agent = _harness.Agent("cpus:2;mem:1024");
        var offer = _harness.Offer(agent, "cpus:2;mem:1024", role: "ads");
        var reserve = Reserve(Reserved("cpus:1;mem:128", role, principal));

        var plan = _harness.Accept([offer], reserve);

        plan.DroppedOperations.Should().Equal((reserve, reason));
        plan.Agent!.Events.Should().BeEmpty();
        plan.Agent.Total.Should().BeNull();
        plan.AllocatorChanges.Should().Equal(new ResourcesRecovered("f1", agent.Id.Value, "ads", R("cpus:2;mem:1024"), 5));
    }

    [Fact]
    public void UNRESERVE_after_RESERVE_gives_the_agent_its_unreserved_total_back()
    {
        var agent = _harness.Agent("cpus:2;mem:1024");
        var offer = _harness.Offer(agent, "cpus:2;mem:1024", role: "ads");
        var reserved = Reserved("cpus:1;mem:128", "ads");
        var unreserve = new Offer.Types.Operation
        {
            Type = Offer.Types.Operation.Types.Type.Unreserve,
            Unreserve = new Offer.Types.Operation.Types.Unreserve { Resources = { reserved } },
        };

        var plan = _harness.Accept([offer], Reserve(reserved), unreserve);

        plan.Agent!.Total.Should().Be(R("cpus:2;mem:1024"));
        plan.Agent.Events.Should().HaveCount(2).And.OnlyContain(e => e.Type == AgentEvent.Types.Type.CheckpointResources);
        plan.AllocatorChanges.OfType<ResourcesRecovered>().Should().ContainSingle().Which.Resources.Should().Be(R("cpus:2;mem:1024"));
    }
}
