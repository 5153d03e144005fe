using Mesos.Actors.Agent;
using Mesos.Actors.Containerizer;
using Mesos.Internal;
using Mesos.V1;

namespace Mesos.Actors.Tests.Agent;

public sealed class AgentStateTests : AgentTestKit
{
    private readonly FakeContainerizer _containerizer = new();
    private readonly AgentFixture _agent;

    public AgentStateTests()
    {
        _agent = new AgentFixture(this, _containerizer, new FixedJitter(1.0));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) _agent.Dispose();
    }

    private AgentSnapshot State()
    {
        _agent.Agent.Tell(GetAgentState.Instance, TestActor);
        return ExpectMsg<AgentSnapshot>();
    }

    [Fact]
    public void Before_it_subscribes_it_has_no_id_and_no_master()
    {
        var state = State();

        state.Info.Id.Should().BeNull();
        state.Info.Hostname.Should().Be("agent-host");
        state.Info.Port.Should().Be(5051);
        state.Master.Should().BeNull();
        state.Frameworks.Should().BeEmpty();
        state.CompletedFrameworks.Should().BeEmpty();
    }

    [Fact]
    public void Once_subscribed_it_has_its_id_and_its_master()
    {
        _agent.Subscribe("agent-9");

        var state = State();

        state.Info.Id.Value.Should().Be("agent-9");
        state.Master.Should().Be("master:5050");
    }

    [Fact]
    public void A_running_task_shows_under_its_framework_with_its_command_executor_sandbox_and_the_statuses_its_framework_received()
    {
        _agent.Subscribe();
        _agent.Link.Deliver(AgentEvents.RunTask(AgentEvents.Task("t", "sleep 60")));
        var starting = _agent.ExpectUpdate(TaskState.TaskStarting);
        var running = _agent.ExpectUpdate(TaskState.TaskRunning);

        var state = State();

        var framework = state.Frameworks.Should().ContainSingle().Subject;
        framework.Info.Id.Value.Should().Be(AgentEvents.FrameworkId.Value);
        framework.CompletedExecutors.Should().BeEmpty();
        var executor = framework.Executors.Should().ContainSingle().Subject;
        executor.Info.ExecutorId.Value.Should().Be("t");
        executor.Info.Name.Should().Be("Command Executor (Task: t) (Command: sh -c 'sleep 60')");
        executor.Directory.Should().Be(_agent.Sandbox("t"));
        executor.ContainerId.Should().Be(_containerizer.Launched.Single().ContainerId);
        var view = executor.Tasks.Should().ContainSingle().Subject;
        view.Phase.Should().Be(AgentTaskPhase.Launched);
        var task = view.Task;
        task.TaskId.Value.Should().Be("t");
        task.Name.Should().Be("task t");
        task.AgentId.Value.Should().Be("agent-1");
        task.State.Should().Be(TaskState.TaskRunning);
        task.Statuses.Select(s => s.Uuid).Should().Equal(starting.Uuid, running.Uuid);
        task.Statuses.Select(s => s.Timestamp).Should().Equal(starting.Timestamp, running.Timestamp);
        state.CompletedFrameworks.Should().BeEmpty();
    }

    [Fact]
    public void An_ended_task_awaiting_acknowledgement_has_a_completed_executor_and_is_not_yet_completed()
    {
        _agent.Subscribe();
        _agent.Link.Deliver(AgentEvents.RunTask(AgentEvents.Task("t", "true")));
        _agent.ExpectUpdate(TaskState.TaskStarting);
        _agent.ExpectUpdate(TaskState.TaskRunning);
        _containerizer.Launched.Single().Exit(ContainerTermination.Exit(0));
        _agent.ExpectCall(AgentCall.Types.Type.Update).Update.Status.State.Should().Be(TaskState.TaskFinished);

        var state = State();

        state.Frameworks.Should().BeEmpty();
        var executor = state.CompletedFrameworks.Should().ContainSingle().Subject.CompletedExecutors.Should().ContainSingle().Subject;
        var task = executor.Tasks.Should().ContainSingle().Subject;
        task.Task.State.Should().Be(TaskState.TaskFinished);
        task.Phase.Should().Be(AgentTaskPhase.Terminated);
    }

    [Fact]
    public void A_forgotten_task_stays_visible_as_completed()
    {
        _agent.Subscribe();
        _agent.Link.Deliver(AgentEvents.RunTask(AgentEvents.Task("t", "true")));
        _agent.ExpectUpdate(TaskState.TaskStarting);
        _agent.ExpectUpdate(TaskState.TaskRunning);
        _containerizer.Launched.Single().Exit(ContainerTermination.Exit(0));
        _agent.ExpectUpdate(TaskState.TaskFinished);

        var state = State();

        state.Frameworks.Should().BeEmpty();
        var framework = state.CompletedFrameworks.Should().ContainSingle().Subject;
        framework.Executors.Should().BeEmpty();
        var executor = framework.CompletedExecutors.Should().ContainSingle().Subject;
        var task = executor.Tasks.Should().ContainSingle().Subject;
        task.Phase.Should().Be(AgentTaskPhase.Completed);
        task.Task.Statuses.Select(s => s.State).Should().Equal(TaskState.TaskStarting, TaskState.TaskRunning, TaskState.TaskFinished);
    }
}
