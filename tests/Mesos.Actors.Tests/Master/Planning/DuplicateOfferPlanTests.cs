using Mesos.Actors.Master.Allocation;
using Mesos.V1;
using static Mesos.Actors.Tests.Master.Planning.PlannerHarness;
using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.Actors.Tests.Master.Planning;

/// <summary>
/// An offer named twice in one ACCEPT would count twice. As Mesos' master validation ("Duplicate offer
/// ... in offer list"), the offers are invalid: the tasks are dropped and the offer goes back once.
/// </summary>
public sealed class DuplicateOfferPlanTests
{
    [Theory]
    [InlineData(false, TaskState.TaskLost)]
    [InlineData(true, TaskState.TaskDropped)]
    public void An_offer_named_twice_drops_the_tasks_instead_of_launching_more_than_the_agent_holds(bool partitionAware, TaskState dropped)
    {
        var harness = new PlannerHarness(partitionAware: partitionAware);
        var agent = harness.Agent("cpus:1;mem:512");
        var offer = harness.Offer(agent, "cpus:1;mem:512");

        var plan = harness.Accept([offer, offer], Launch(Task("t1", "cpus:1.75;mem:128")));

        plan.Agent.Should().BeNull("a task needing 1.75 of the agent's 1 cpu must not launch");
        plan.Updates.Should().ContainSingle().Which.Should().BeEquivalentTo(new
        {
            TaskId = new TaskID { Value = "t1" },
            State = dropped,
            Reason = TaskStatus.Types.Reason.InvalidOffers,
            Message = $"Duplicate offer {offer.Value} in offer list",
        });
        plan.ConsumedOffers.Should().Equal(offer.Value);
        plan.AllocatorChanges.Should().Equal([new ResourcesRecovered("f1", agent.Id.Value, "*", R("cpus:1;mem:512"), null)], "the offer goes back once");
    }

    [Fact]
    public void An_offer_named_twice_with_one_no_longer_outstanding_still_goes_back_once()
    {
        var harness = new PlannerHarness();
        var agent = harness.Agent("cpus:4;mem:1024");
        var offer = harness.Offer(agent, "cpus:1;mem:512");
        var expired = harness.Offer(agent, "cpus:1;mem:512");
        harness.Offers.Remove(expired.Value);

        var plan = harness.Accept([offer, expired, offer], Launch(Task("t1", "cpus:1;mem:128")));

        plan.Updates.Should().ContainSingle().Which.Message.Should().Be($"Duplicate offer {offer.Value} in offer list", "uniqueness is checked first, as Mesos does");
        plan.AllocatorChanges.Should().ContainSingle();
    }
}
