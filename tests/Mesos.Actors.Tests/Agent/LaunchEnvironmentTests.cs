using Mesos.Actors.Agent;
using Mesos.V1;

namespace Mesos.Actors.Tests.Agent;

/// <summary>The environment Mesos' executor libraries read: they find the agent, and how to retry, only there.</summary>
public sealed class LaunchEnvironmentTests
{
    private static readonly AgentID AgentId = new() { Value = "agent-1" };

    private static ExecutorLaunch Executor(bool checkpoint) => new(
        AgentId,
        "10.0.0.7:5051",
        new FrameworkInfo { Id = new FrameworkID { Value = "fw-1" }, User = "root", Name = "fw", Checkpoint = checkpoint },
        new ExecutorInfo { ExecutorId = new ExecutorID { Value = "ex" }, Command = new CommandInfo { Value = "./my-executor" } },
        "container-1",
        "/",
        "/sandbox",
        TimeSpan.FromMinutes(1),
        TimeSpan.FromSeconds(5));

    [Fact]
    public void An_executor_is_told_the_agents_libprocess_pid_and_endpoint_and_who_it_is()
    {
        Executor(checkpoint: false).Environment().Should()
            .Contain("MESOS_SLAVE_PID", "slave(1)@10.0.0.7:5051")
            .And.Contain("MESOS_AGENT_ENDPOINT", "10.0.0.7:5051")
            .And.Contain("MESOS_FRAMEWORK_ID", "fw-1")
            .And.Contain("MESOS_EXECUTOR_ID", "ex")
            .And.Contain("MESOS_SLAVE_ID", "agent-1")
            .And.Contain("MESOS_DIRECTORY", "/sandbox")
            .And.Contain("MESOS_SANDBOX", "/sandbox")
            .And.Contain("MESOS_CHECKPOINT", "0")
            .And.Contain("MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", "5secs")
            .And.Contain("MESOS_HTTP_COMMAND_EXECUTOR", "0");
    }

    [Fact]
    public void Only_a_checkpointing_frameworks_executor_is_told_how_long_to_retry_and_how_far_apart()
    {
        Executor(checkpoint: false).Environment().Should().NotContainKeys("MESOS_RECOVERY_TIMEOUT", "MESOS_SUBSCRIPTION_BACKOFF_MAX");

        Executor(checkpoint: true).Environment().Should()
            .Contain("MESOS_CHECKPOINT", "1")
            .And.Contain("MESOS_RECOVERY_TIMEOUT", "15mins")
            .And.Contain("MESOS_SUBSCRIPTION_BACKOFF_MAX", "2secs");
    }

    [Fact]
    public void A_command_task_sees_the_agents_libprocess_pid_as_its_command_executor_does()
    {
        var task = new TaskInfo { TaskId = new TaskID { Value = "t1" }, Name = "t1", AgentId = AgentId, Command = new CommandInfo { Value = "true" } };
        var launch = new TaskLaunch(AgentId, "10.0.0.7:5051", new FrameworkInfo { Id = new FrameworkID { Value = "fw-1" } }, task, "container-1", "/", "/sandbox");

        launch.Environment().Should().Contain("MESOS_SLAVE_PID", "slave(1)@10.0.0.7:5051").And.Contain("MESOS_AGENT_ENDPOINT", "10.0.0.7:5051");
    }
}
