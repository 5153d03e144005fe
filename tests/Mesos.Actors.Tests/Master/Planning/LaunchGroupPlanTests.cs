using Mesos.Actors.Master.Allocation;
using Mesos.Internal;
using Mesos.V1;
using static Mesos.Actors.Tests.Master.Planning.PlannerHarness;

namespace Mesos.Actors.Tests.Master.Planning;

/// <summary>LAUNCH_GROUP: the tasks of a group launch together under one executor, or none does.</summary>
public sealed class LaunchGroupPlanTests
{
    private readonly PlannerHarness _harness = new();

    private static ExecutorInfo DefaultExecutor => Executor("e1", "cpus:0.1;mem:32;disk:32", ExecutorInfo.Types.Type.Default);

    [Fact]
    public void A_task_group_goes_to_the_agent_with_its_executor_which_takes_its_own_resources()
    {
        var agent = _harness.Agent("cpus:4;mem:1024;disk:1024");
        var offer = _harness.Offer(agent, "cpus:2;mem:512;disk:64");

        var plan = _harness.Accept([offer], LaunchGroup(DefaultExecutor, Task("t1", "cpus:0.5;mem:64"), Task("t2", "cpus:0.5;mem:64")));

        plan.Updates.Should().BeEmpty();
        var run = plan.Agent!.Events.Should().ContainSingle().Subject;
        run.Type.Should().Be(AgentEvent.Types.Type.RunTaskGroup);
        run.RunTaskGroup.Executor.FrameworkId.Should().Be(_harness.Framework.Id);
        run.RunTaskGroup.TaskGroup.Tasks.Select(t => t.TaskId.Value).Should().Equal("t1", "t2");
        plan.Agent.Tasks.Should().HaveCount(2).And.OnlyContain(t => t.ExecutorId.Value == "e1" && t.State == TaskState.TaskStaging);
        plan.Agent.ExecutorsStarted.Should().ContainSingle().Which.ExecutorId.Value.Should().Be("e1");
        plan.AllocatorChanges.Should().Equal(new ResourcesRecovered("f1", agent.Id.Value, "*", R("cpus:0.9;mem:352;disk:32"), 5));
        plan.OperatorEvents.Should().HaveCount(2);
    }

    [Fact]
    public void A_group_over_the_offers_resources_ends_every_task_of_it_with_TASK_ERROR()
    {
        var agent = _harness.Agent("cpus:4;mem:1024;disk:1024");
        var offer = _harness.Offer(agent, "cpus:2;mem:512;disk:64");

        var plan = _harness.Accept([offer], LaunchGroup(DefaultExecutor, Task("t1", "cpus:1;mem:64"), Task("t2", "cpus:1;mem:64")));

        plan.Updates.Select(u => (u.TaskId.Value, u.State)).Should().Equal(("t1", TaskState.TaskError), ("t2", TaskState.TaskError));
        plan.Updates.Should().OnlyContain(u => u.Message.Contains("more than available"));
        plan.Agent!.Events.Should().BeEmpty();
        plan.Agent.ExecutorsStarted.Should().BeEmpty();
        plan.AllocatorChanges.Should().Equal(new ResourcesRecovered("f1", agent.Id.Value, "*", R("cpus:2;mem:512;disk:64"), 5));
    }

    [Fact]
    public void A_group_with_a_task_id_used_twice_is_invalid_whole()
    {
        var agent = _harness.Agent("cpus:4;mem:1024;disk:1024");
        var offer = _harness.Offer(agent, "cpus:2;mem:512;disk:64");

        var plan = _harness.Accept([offer], LaunchGroup(DefaultExecutor, Task("t1", "cpus:0.5;mem:64"), Task("t1", "cpus:0.5;mem:64")));

        plan.Updates.Should().HaveCount(2).And.OnlyContain(u => u.Message == "Task 't1' is invalid: Task ID 't1' is already in use");
        plan.Agent!.Tasks.Should().BeEmpty();
    }

    [Fact]
    public void A_second_group_under_the_executor_the_first_started_takes_only_its_tasks_resources()
    {
        var agent = _harness.Agent("cpus:4;mem:1024;disk:1024");
        var offer = _harness.Offer(agent, "cpus:2;mem:512;disk:64");

        var plan = _harness.Accept([offer],
            LaunchGroup(DefaultExecutor, Task("t1", "cpus:0.5;mem:64")),
            LaunchGroup(DefaultExecutor, Task("t2", "cpus:0.5;mem:64")));

        plan.Updates.Should().BeEmpty();
        plan.Agent!.Events.Should().HaveCount(2);
        plan.Agent.ExecutorsStarted.Should().ContainSingle();
        plan.AllocatorChanges.Should().Equal(new ResourcesRecovered("f1", agent.Id.Value, "*", R("cpus:0.9;mem:352;disk:32"), 5));
    }
}
