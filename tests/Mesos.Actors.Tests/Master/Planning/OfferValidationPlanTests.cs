using Mesos.Actors.Master.Allocation;
using Mesos.V1;
using static Mesos.Actors.Tests.Master.Planning.PlannerHarness;
using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.Actors.Tests.Master.Planning;

/// <summary>
/// The offers of an ACCEPT must be outstanding, the framework's and of one agent: else, as Mesos, the
/// framework's offers among them go back with no filter and every task is dropped, never reaching an agent.
/// </summary>
public sealed class OfferValidationPlanTests
{
    [Theory]
    [InlineData(false, TaskState.TaskLost)]
    [InlineData(true, TaskState.TaskDropped)]
    public void An_offer_id_no_longer_outstanding_drops_every_task_and_the_valid_offers_named_go_back(bool partitionAware, TaskState dropped)
    {
        var harness = new PlannerHarness(partitionAware: partitionAware);
        var agent = harness.Agent("cpus:4;mem:1024");
        var valid = harness.Offer(agent, "cpus:2;mem:512");
        var expired = harness.Offer(agent, "cpus:1;mem:256");
        harness.Offers.Remove(expired.Value);

        var plan = harness.Accept([valid, expired], Launch(Task("t1", "cpus:1;mem:128")), LaunchGroup(Executor("e1", "cpus:0.1;mem:32;disk:32", ExecutorInfo.Types.Type.Default), Task("t2", "cpus:1;mem:128")));

        plan.Updates.Select(u => (u.TaskId.Value, u.State, u.Reason, u.Message)).Should().Equal(
            ("t1", dropped, TaskStatus.Types.Reason.InvalidOffers, "Offer is no longer valid"),
            ("t2", dropped, TaskStatus.Types.Reason.InvalidOffers, "Offer is no longer valid"));
        plan.Agent.Should().BeNull("nothing reaches an agent");
        plan.ConsumedOffers.Should().Equal(valid.Value);
        plan.AllocatorChanges.Should().Equal(new ResourcesRecovered("f1", agent.Id.Value, "*", R("cpus:2;mem:512"), null));
        plan.OperatorEvents.Should().BeEmpty();
    }

    [Fact]
    public void An_offer_made_to_another_framework_is_not_valid_and_stays_outstanding_for_it()
    {
        var harness = new PlannerHarness();
        var agent = harness.Agent("cpus:4;mem:1024");
        var theirs = harness.Offer(agent, "cpus:2;mem:512", framework: "f2");

        var plan = harness.Accept([theirs], Launch(Task("t1", "cpus:1;mem:128")));

        plan.Updates.Should().ContainSingle().Which.Message.Should().Be("Offer is no longer valid");
        plan.ConsumedOffers.Should().BeEmpty();
        plan.AllocatorChanges.Should().BeEmpty();
    }

    [Fact]
    public void Offers_from_different_agents_cannot_be_accepted_together_and_both_go_back()
    {
        var harness = new PlannerHarness();
        var first = harness.Agent("cpus:4;mem:1024");
        var second = harness.Agent("cpus:4;mem:1024");
        var one = harness.Offer(first, "cpus:2;mem:512");
        var other = harness.Offer(second, "cpus:2;mem:512");

        var plan = harness.Accept([one, other], Launch(Task("t1", "cpus:3;mem:128")));

        plan.Updates.Should().ContainSingle().Which.Should().BeEquivalentTo(new { State = TaskState.TaskLost, Message = "Offers are from more than one agent" });
        plan.Agent.Should().BeNull();
        plan.ConsumedOffers.Should().Equal(one.Value, other.Value);
        plan.AllocatorChanges.Should().Equal(
            new ResourcesRecovered("f1", first.Id.Value, "*", R("cpus:2;mem:512"), null),
            new ResourcesRecovered("f1", second.Id.Value, "*", R("cpus:2;mem:512"), null));
    }

    [Fact]
    public void An_ACCEPT_that_names_no_offer_drops_its_tasks()
    {
        var harness = new PlannerHarness();
        harness.Agent("cpus:4;mem:1024");

        var plan = harness.Accept([], Launch(Task("t1", "cpus:1;mem:128")));

        plan.Updates.Should().ContainSingle().Which.Message.Should().Be("No offers were accepted");
        plan.Agent.Should().BeNull();
    }
}
