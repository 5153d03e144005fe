using Mesos.Actors.Master.Validation;
using Mesos.Actors.Protocol;
using Mesos.Internal;
using Mesos.V1;
using MesosTask = Mesos.V1.Task;

namespace Mesos.Actors.Tests.Master.Validation;

/// <summary>
/// What an agent reports when it subscribes is counted together: tasks that each fit the agent but together
/// do not are refused, however many there are, and one bad resource among them is named.
/// </summary>
public sealed class AgentSubscriptionValidationTests
{
    private static AgentCall.Types.Subscribe Reporting(string agentResources, int tasks, string taskResources, string? executorResources = null)
    {
        var subscribe = new AgentCall.Types.Subscribe
        {
            AgentInfo = new AgentInfo { Hostname = "agent.test", Port = 5051, Resources = { Resources.Parse(agentResources).ToProtos() } },
        };
        for (var i = 0; i < tasks; i++)
        {
            subscribe.Tasks.Add(new MesosTask
            {
                Name = $"t{i}",
                TaskId = new TaskID { Value = $"t{i}" },
                FrameworkId = new FrameworkID { Value = "m1-0001" },
                AgentId = new AgentID { Value = "m1-S1" },
                State = TaskState.TaskRunning,
                Resources = { Resources.Parse(taskResources).AllocatedTo("prod").ToProtos() },
            });
        }
        if (executorResources is not null)
        {
            subscribe.Executors.Add(new ExecutorInfo
            {
                ExecutorId = new ExecutorID { Value = "e" },
                FrameworkId = new FrameworkID { Value = "m1-0001" },
                Resources = { Resources.Parse(executorResources).ToProtos() },
            });
        }
        return subscribe;
    }

    [Fact]
    public void Tasks_that_fill_the_agent_exactly_are_accepted()
    {
        SubscriptionValidator.ValidateAgent(Reporting("cpus:100;mem:102400;ports:[31000-31099]", 100, "cpus:1;mem:1024"), null).Should().BeNull();
    }

    [Fact]
    public void Tasks_that_each_fit_but_together_exceed_the_agent_are_refused()
    {
        SubscriptionValidator.ValidateAgent(Reporting("cpus:100;mem:102400", 101, "cpus:1;mem:1024"), null)
            .Should().Contain("hold more than its resources").And.Contain("cpus:101");
    }

    [Fact]
    public void An_executor_counts_with_the_tasks()
    {
        SubscriptionValidator.ValidateAgent(Reporting("cpus:10;mem:10240", 10, "cpus:1;mem:1024", executorResources: "cpus:0.1;mem:32"), null)
            .Should().Contain("hold more than its resources");
    }

    [Fact]
    public void Port_ranges_of_tasks_are_united_before_they_are_compared()
    {
        var subscribe = Reporting("cpus:4;mem:4096;ports:[31000-31001]", 2, "cpus:1;mem:64");
        subscribe.Tasks[0].Resources.Add(Resources.Parse("ports:[31000-31000]").AllocatedTo("prod").ToProtos());
        subscribe.Tasks[1].Resources.Add(Resources.Parse("ports:[31001-31001]").AllocatedTo("prod").ToProtos());
        SubscriptionValidator.ValidateAgent(subscribe, null).Should().BeNull();

        subscribe.Tasks[1].Resources.Add(Resources.Parse("ports:[31002-31002]").AllocatedTo("prod").ToProtos());
        SubscriptionValidator.ValidateAgent(subscribe, null).Should().Contain("hold more than its resources");
    }

    [Fact]
    public void A_bad_resource_of_one_task_is_named_with_its_task()
    {
        var subscribe = Reporting("cpus:100;mem:102400", 50, "cpus:1;mem:1024");
        subscribe.Tasks[37].Resources[0].Scalar.Value = double.NaN;

        SubscriptionValidator.ValidateAgent(subscribe, null).Should().StartWith("Task 't37': its resources are invalid: ");
    }
}
