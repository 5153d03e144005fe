using Mesos.Actors.Master.Allocation;
using Mesos.Internal;
using Mesos.V1;
using static Mesos.Actors.Tests.Master.Planning.PlannerHarness;
using MesosTask = Mesos.V1.Task;
using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.Actors.Tests.Master.Planning;

/// <summary>LAUNCH: tasks that fit their offers go to the agent; the rest of the offers goes back.</summary>
public sealed class LaunchPlanTests
{
    private readonly PlannerHarness _harness = new();

    [Fact]
    public void A_task_that_fits_its_offer_is_launched_staging_on_the_offers_agent_and_the_rest_goes_back_under_the_default_filter()
    {
        var agent = _harness.Agent("cpus:4;mem:1024");
        var offer = _harness.Offer(agent, "cpus:2;mem:512");

        var plan = _harness.Accept([offer], Launch(Task("t1", "cpus:1;mem:128")));

        plan.Refusal.Should().BeNull();
        plan.ConsumedOffers.Should().Equal(offer.Value);
        plan.Updates.Should().BeEmpty();
        plan.Agent!.AgentId.Should().Be(agent.Id);
        var task = plan.Agent.Tasks.Should().ContainSingle().Subject;
        task.Should().BeEquivalentTo(new { TaskId = new TaskID { Value = "t1" }, FrameworkId = _harness.Framework.Id, AgentId = agent.Id, State = TaskState.TaskStaging });
        var run = plan.Agent.Events.Should().ContainSingle().Subject;
        run.Type.Should().Be(AgentEvent.Types.Type.RunTask);
        run.RunTask.Framework.Should().Be(_harness.Framework.Info);
        run.RunTask.Task.AgentId.Should().Be(agent.Id, "the master fills in the agent");
        run.RunTask.Task.Resources.Should().OnlyContain(r => r.AllocationInfo.Role == "*", "a task without allocations takes the offer's role");
        plan.AllocatorChanges.Should().Equal(new ResourcesRecovered("f1", agent.Id.Value, "*", R("cpus:1;mem:384"), 5));
        plan.OperatorEvents.Should().ContainSingle().Which.TaskAdded.Task.TaskId.Value.Should().Be("t1");
    }

    [Fact]
    public void Offers_of_one_agent_are_accepted_together_and_a_task_may_need_both()
    {
        var agent = _harness.Agent("cpus:4;mem:1024");
        var first = _harness.Offer(agent, "cpus:1;mem:256");
        var second = _harness.Offer(agent, "cpus:1;mem:256");

        var plan = _harness.Accept([first, second], Launch(Task("t1", "cpus:2;mem:512")));

        plan.Updates.Should().BeEmpty();
        plan.Agent!.Tasks.Should().ContainSingle();
        plan.ConsumedOffers.Should().BeEquivalentTo([first.Value, second.Value]);
        plan.AllocatorChanges.Should().BeEmpty("nothing is left");
    }

    [Fact]
    public void A_task_over_the_offers_resources_ends_with_TASK_ERROR_and_the_whole_offer_goes_back()
    {
        var agent = _harness.Agent("cpus:4;mem:1024");
        var offer = _harness.Offer(agent, "cpus:2;mem:512");

        var plan = _harness.Accept([offer], Launch(Task("t1", "cpus:3;mem:128")));

        var error = plan.Updates.Should().ContainSingle().Subject;
        error.Should().BeEquivalentTo(new
        {
            TaskId = new TaskID { Value = "t1" },
            State = TaskState.TaskError,
            Reason = TaskStatus.Types.Reason.TaskInvalid,
            Source = TaskStatus.Types.Source.Master,
            AgentId = agent.Id,
            Timestamp = Now.ToUnixTimeMilliseconds() / 1000.0,
        });
        error.Message.Should().Contain("more than available");
        error.HasUuid.Should().BeFalse("the framework need not acknowledge what the master decides");
        plan.Agent!.Tasks.Should().BeEmpty();
        plan.Agent.Events.Should().BeEmpty();
        plan.ConsumedOffers.Should().Equal(offer.Value);
        plan.AllocatorChanges.Should().Equal(new ResourcesRecovered("f1", agent.Id.Value, "*", R("cpus:2;mem:512"), 5));
    }

    [Fact]
    public void Each_task_takes_from_what_the_earlier_ones_left()
    {
        var agent = _harness.Agent("cpus:4;mem:1024");
        var offer = _harness.Offer(agent, "cpus:2;mem:512");

        var plan = _harness.Accept([offer], Launch(Task("t1", "cpus:1.5;mem:128"), Task("t2", "cpus:1;mem:128")), Launch(Task("t3", "cpus:0.5;mem:128")));

        plan.Agent!.Tasks.Select(t => t.TaskId.Value).Should().Equal("t1", "t3");
        plan.Updates.Should().ContainSingle().Which.TaskId.Value.Should().Be("t2");
        plan.AllocatorChanges.Should().Equal(new ResourcesRecovered("f1", agent.Id.Value, "*", R("mem:256"), 5));
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a\u2028b")]
    public void A_task_id_that_cannot_name_a_sandbox_directory_ends_with_TASK_ERROR_and_the_other_tasks_launch(string taskId)
    {
        var agent = _harness.Agent("cpus:4;mem:1024");
        var offer = _harness.Offer(agent, "cpus:2;mem:512");

        var plan = _harness.Accept([offer], Launch(Task(taskId, "cpus:1;mem:128"), Task("good", "cpus:1;mem:128")));

        var error = plan.Updates.Should().ContainSingle().Subject;
        error.State.Should().Be(TaskState.TaskError);
        error.Message.Should().StartWith("Task ID");
        plan.Agent!.Tasks.Should().ContainSingle().Which.TaskId.Value.Should().Be("good");
    }

    [Fact]
    public void A_task_id_longer_than_255_characters_ends_with_TASK_ERROR()
    {
        var agent = _harness.Agent("cpus:4;mem:1024");
        var offer = _harness.Offer(agent, "cpus:2;mem:512");

        var plan = _harness.Accept([offer], Launch(Task(new string('t', 256), "cpus:1;mem:128")));

        plan.Updates.Should().ContainSingle().Which.Message.Should().EndWith("at most 255 are allowed");
        plan.Agent!.Tasks.Should().BeEmpty();
    }

    [Fact]
    public void A_task_id_the_framework_already_uses_ends_with_TASK_ERROR()
    {
        var agent = _harness.Agent("cpus:4;mem:1024");
        _harness.Tasks.Add(new MesosTask
        {
            TaskId = new TaskID { Value = "t1" }, FrameworkId = _harness.Framework.Id, AgentId = agent.Id, State = TaskState.TaskRunning,
        });
        var offer = _harness.Offer(agent, "cpus:2;mem:512");

        var plan = _harness.Accept([offer], Launch(Task("t1", "cpus:1;mem:128")));

        plan.Updates.Should().ContainSingle().Which.Message.Should().Be("Task ID 't1' is already in use");
        plan.Agent!.Tasks.Should().BeEmpty();
    }

    [Fact]
    public void A_task_id_launched_earlier_in_the_same_ACCEPT_is_in_use()
    {
        var agent = _harness.Agent("cpus:4;mem:1024");
        var offer = _harness.Offer(agent, "cpus:2;mem:512");

        var plan = _harness.Accept([offer], Launch(Task("t1", "cpus:1;mem:128")), Launch(Task("t1", "cpus:1;mem:128")));

        plan.Agent!.Tasks.Should().ContainSingle();
        plan.Updates.Should().ContainSingle().Which.Message.Should().Be("Task ID 't1' is already in use");
    }

    [Fact]
    public void An_executor_started_for_one_task_is_not_paid_for_again_by_the_next()
    {
        var agent = _harness.Agent("cpus:4;mem:1024");
        var offer = _harness.Offer(agent, "cpus:2;mem:512");
        var executor = Executor("e1", "cpus:0.5;mem:64");

        var plan = _harness.Accept([offer], Launch(Task("t1", "cpus:0.5;mem:64", executor), Task("t2", "cpus:0.5;mem:64", executor)));

        plan.Updates.Should().BeEmpty();
        var started = plan.Agent!.ExecutorsStarted.Should().ContainSingle().Subject;
        started.FrameworkId.Should().Be(_harness.Framework.Id, "the master fills in the executor's framework");
        plan.Agent.Tasks.Should().OnlyContain(t => t.ExecutorId.Value == "e1");
        plan.AllocatorChanges.Should().Equal(new ResourcesRecovered("f1", agent.Id.Value, "*", R("cpus:0.5;mem:320"), 5));
    }

    [Fact]
    public void A_task_for_an_executor_that_runs_on_the_agent_takes_only_its_own_resources()
    {
        var agent = _harness.Agent("cpus:4;mem:1024");
        var offer = _harness.Offer(agent, "cpus:1;mem:128");
        // As the master recorded it when it started: with its framework and its resources' allocation.
        var running = Executor("e1", "cpus:1;mem:128");
        running.FrameworkId = _harness.Framework.Id;
        running.Resources.Clear();
        running.Resources.AddRange(R("cpus:1;mem:128").AllocatedTo("*").ToProtos());
        agent.Executors[("f1", "e1")] = running;

        var plan = _harness.Accept([offer], Launch(Task("t1", "cpus:1;mem:128", Executor("e1", "cpus:1;mem:128"))));

        plan.Updates.Should().BeEmpty();
        plan.Agent!.Tasks.Should().ContainSingle();
        plan.Agent.ExecutorsStarted.Should().BeEmpty();
    }

    [Fact]
    public void What_is_left_is_refused_to_the_framework_for_the_filters_refuse_seconds()
    {
        var agent = _harness.Agent("cpus:4;mem:1024");
        var offer = _harness.Offer(agent, "cpus:2;mem:512");

        var plan = _harness.Accept(new V1.Scheduler.Call.Types.Accept
        {
            OfferIds = { offer },
            Operations = { Launch(Task("t1", "cpus:1;mem:128")) },
            Filters = new Filters { RefuseSeconds = 0 },
        });

        plan.AllocatorChanges.Should().Equal(new ResourcesRecovered("f1", agent.Id.Value, "*", R("cpus:1;mem:384"), 0));
    }

    [Fact]
    public void An_operation_the_master_does_not_support_refuses_the_call_and_leaves_the_offers_outstanding()
    {
        var agent = _harness.Agent("cpus:4;mem:1024");
        var offer = _harness.Offer(agent, "cpus:2;mem:512");

        var plan = _harness.Accept([offer], Launch(Task("t1", "cpus:1;mem:128")), new Offer.Types.Operation { Type = Offer.Types.Operation.Types.Type.Create });

        plan.Refusal.Should().Be("Offer operation Create is not supported");
        plan.ConsumedOffers.Should().BeEmpty();
        plan.Agent.Should().BeNull();
        plan.AllocatorChanges.Should().BeEmpty();
    }
}
