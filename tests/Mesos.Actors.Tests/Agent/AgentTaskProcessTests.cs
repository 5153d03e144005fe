using Mesos.Actors.Containerizer;
using Mesos.Actors.Tests.Containerizer;
using Mesos.V1;
using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.Actors.Tests.Agent;

/// <summary>The agent running real processes: their ends arrive from other threads, so expectations wait for them up to a deadline.</summary>
public sealed class AgentTaskProcessTests : AgentTestKit
{
    private static readonly TimeSpan ProcessDeadline = TimeSpan.FromSeconds(10);
    private readonly AgentFixture _agent;

    public AgentTaskProcessTests()
    {
        _agent = new AgentFixture(this, new MesosContainerizer(Sys.Scheduler), new FixedJitter(1.0));
        _agent.Subscribe();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) _agent.Dispose();
    }

    [Fact]
    public void A_failing_command_goes_through_STARTING_and_RUNNING_to_FAILED_with_its_exit_status_and_leaves_its_output()
    {
        _agent.Link.Deliver(AgentEvents.RunTask(AgentEvents.Task("fails", "echo hello; exit 3")));

        var starting = _agent.ExpectUpdate(TaskState.TaskStarting);
        var running = _agent.ExpectUpdate(TaskState.TaskRunning);
        var failed = _agent.ExpectUpdate(TaskState.TaskFailed, ProcessDeadline);

        running.ContainerStatus.ExecutorPid.Should().BePositive();
        failed.ContainerStatus.ExecutorPid.Should().Be(running.ContainerStatus.ExecutorPid);
        // Every update names the task's container and its address, as Mesos' do.
        foreach (var update in new[] { starting, running, failed })
        {
            update.ContainerStatus.ContainerId.Value.Should().NotBeEmpty();
            update.ContainerStatus.NetworkInfos.Should().ContainSingle().Which.IpAddresses.Should().ContainSingle().Which.IpAddress.Should().Be("127.0.0.1");
        }
        failed.Message.Should().Be("Command exited with status 3");
        failed.Source.Should().Be(TaskStatus.Types.Source.Executor);
        failed.ExecutorId.Value.Should().Be("fails");
        File.ReadAllText(Path.Combine(_agent.Sandbox("fails"), "stdout")).Should().Be("hello\n");
    }

    [Fact]
    public void A_command_that_exits_0_is_FINISHED()
    {
        _agent.Link.Deliver(AgentEvents.RunTask(AgentEvents.Task("ok", "true")));

        _agent.ExpectUpdate(TaskState.TaskStarting);
        _agent.ExpectUpdate(TaskState.TaskRunning);
        _agent.ExpectUpdate(TaskState.TaskFinished, ProcessDeadline).Message.Should().Be("Command exited with status 0");
    }

    [Fact]
    public void A_killed_task_is_KILLED_and_its_process_and_the_child_it_spawned_are_gone()
    {
        _agent.Link.Deliver(AgentEvents.RunTask(AgentEvents.Task("sleeper", "sleep 60 & echo $! > child.pid; sleep 60")));
        _agent.ExpectUpdate(TaskState.TaskStarting);
        var pid = (int)_agent.ExpectUpdate(TaskState.TaskRunning).ContainerStatus.ExecutorPid;
        var child = ProcessTable.ReadPid(Path.Combine(_agent.Sandbox("sleeper"), "child.pid"), ProcessDeadline);

        _agent.Link.Deliver(AgentEvents.Kill("sleeper"));

        _agent.ExpectUpdate(TaskState.TaskKilled, ProcessDeadline);
        ProcessTable.IsRunning(pid).Should().BeFalse();
        ProcessTable.AwaitGone(child, ProcessDeadline);
    }

    [Fact]
    public void A_command_that_cannot_start_is_FAILED_with_the_reason()
    {
        var task = AgentEvents.Task("missing", "unused");
        task.Command = new CommandInfo { Shell = false, Value = "/nonexistent/program" };

        _agent.Link.Deliver(AgentEvents.RunTask(task));

        _agent.ExpectUpdate(TaskState.TaskStarting);
        var failed = _agent.ExpectUpdate(TaskState.TaskFailed, ProcessDeadline);
        failed.Reason.Should().Be(TaskStatus.Types.Reason.ContainerLaunchFailed);
        failed.Message.Should().Contain("/nonexistent/program");
    }
}
