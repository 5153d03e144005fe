using Mesos.Actors.Agent;
using Mesos.Actors.Containerizer;
using Mesos.Internal;
using Mesos.V1;
using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.Actors.Tests.Agent;

public sealed class DefaultExecutorTests : AgentTestKit
{
    private static readonly ExecutorInfo GroupExecutor = AgentEvents.Executor("group", ExecutorInfo.Types.Type.Default);

    private readonly FakeContainerizer _containerizer = new();
    private readonly AgentFixture _agent;

    public DefaultExecutorTests()
    {
        _agent = new AgentFixture(this, _containerizer, new FixedJitter(1.0));
        _agent.Subscribe();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) _agent.Dispose();
    }

    private void LaunchGroup(params string[] taskIds) =>
        _agent.Link.Deliver(AgentEvents.RunTaskGroup(GroupExecutor, [.. taskIds.Select(id => AgentEvents.Task(id, "run " + id))]));

    private FakeContainer Container(string taskId) => _containerizer.Launched.Single(c => c.Launch.Environment["MESOS_TASK_ID"] == taskId);

    /// <summary>The next <paramref name="count"/> status updates, acknowledged, as task id and state.</summary>
    private List<(string Task, TaskState State)> Updates(int count) =>
        [.. Enumerable.Range(0, count).Select(_ =>
        {
            var status = _agent.ExpectCall(AgentCall.Types.Type.Update).Update.Status;
            _agent.Link.Deliver(AgentEvents.Acknowledge(status));
            return (status.TaskId.Value, status.State);
        })];

    [Fact]
    public void Each_task_of_a_group_runs_its_command_in_its_own_sandbox_under_the_executors_and_reports_for_itself()
    {
        LaunchGroup("a", "b");

        var updates = Updates(4);

        updates.Should().BeEquivalentTo([("a", TaskState.TaskStarting), ("a", TaskState.TaskRunning), ("b", TaskState.TaskStarting), ("b", TaskState.TaskRunning)]);
        var executorSandbox = _agent.Sandbox("group");
        foreach (var id in new[] { "a", "b" })
        {
            var launch = Container(id).Launch;
            launch.Command.Value.Should().Be("run " + id);
            launch.SandboxDirectory.Should().Be(Path.Combine(executorSandbox, "tasks", id));
            launch.Environment.Should().Contain("MESOS_SANDBOX", launch.SandboxDirectory).And.Contain("MESOS_EXECUTOR_ID", "group");
        }
    }

    [Fact]
    public void Running_updates_name_the_tasks_container_nested_in_the_executors()
    {
        LaunchGroup("a");
        _agent.ExpectUpdate(TaskState.TaskStarting);

        var running = _agent.ExpectUpdate(TaskState.TaskRunning);

        running.ExecutorId.Value.Should().Be("group");
        running.ContainerStatus.ContainerId.Value.Should().Be(Container("a").ContainerId);
        running.ContainerStatus.ContainerId.Parent.Value.Should().Be(Path.GetFileName(_agent.Sandbox("group")));
    }

    [Fact]
    public void When_every_task_has_finished_the_executor_ends_and_the_master_hears_it_exited_cleanly()
    {
        LaunchGroup("a", "b");
        Updates(4);

        Container("a").Exit(ContainerTermination.Exit(0));
        Container("b").Exit(ContainerTermination.Exit(0));

        var calls = _agent.Master.ReceiveN(3).Cast<AgentCall>().ToList();
        calls.Where(c => c.Type == AgentCall.Types.Type.Update).Select(c => (c.Update.Status.TaskId.Value, c.Update.Status.State))
            .Should().BeEquivalentTo([("a", TaskState.TaskFinished), ("b", TaskState.TaskFinished)]);
        var exited = calls.Single(c => c.Type == AgentCall.Types.Type.ExecutorExited).ExecutorExited;
        exited.ExecutorId.Value.Should().Be("group");
        exited.Status.Should().Be(0);
    }

    [Fact]
    public void When_a_task_fails_the_rest_of_its_group_is_killed()
    {
        LaunchGroup("a", "b");
        Updates(4);

        Container("a").Exit(ContainerTermination.Exit(1));

        Updates(1).Should().Equal(("a", TaskState.TaskFailed));
        // The update is sent before the rest of the group is told to die: the kill reaches b's container a moment later.
        AwaitAssert(() => Container("b").Kills.Should().ContainSingle());
        Container("a").Kills.Should().BeEmpty();
        Container("b").Exit(ContainerTermination.KilledBy(15));
        Updates(1).Should().Equal(("b", TaskState.TaskKilled));
    }

    [Fact]
    public void Killing_one_task_kills_the_rest_of_its_group_but_not_another_group()
    {
        LaunchGroup("a", "b");
        LaunchGroup("c");
        Updates(6);
        _containerizer.Launched.Should().HaveCount(3);

        _agent.Link.Deliver(AgentEvents.Kill("a"));
        Container("a").Exit(ContainerTermination.KilledBy(15));

        Updates(1).Should().Equal(("a", TaskState.TaskKilled));
        AwaitAssert(() => Container("b").Kills.Should().ContainSingle());
        Container("c").Kills.Should().BeEmpty();
    }

    [Fact]
    public void A_second_group_for_the_same_executor_runs_under_the_same_executor()
    {
        LaunchGroup("a");
        LaunchGroup("b");

        _agent.Agent.Tell(GetAgentState.Instance, TestActor);
        var executor = ExpectMsg<AgentSnapshot>().Frameworks.Single().Executors.Should().ContainSingle().Subject;
        executor.Info.ExecutorId.Value.Should().Be("group");
        executor.Tasks.Select(t => t.Task.TaskId.Value).Should().Equal("a", "b");
        executor.Tasks.Should().OnlyContain(t => t.Task.ExecutorId.Value == "group");
    }

    [Fact]
    public void Shutting_the_framework_down_kills_every_task_of_the_executor()
    {
        LaunchGroup("a", "b");

        _agent.Link.Deliver(AgentEvents.ShutdownFramework());

        _containerizer.Launched.Should().HaveCount(2).And.OnlyContain(c => c.Kills.Count == 1);
    }

    [Fact]
    public void A_group_with_a_task_without_a_command_is_refused_whole()
    {
        var bare = AgentEvents.Task("b", "x");
        bare.Command = null;

        _agent.Link.Deliver(AgentEvents.RunTaskGroup(GroupExecutor, AgentEvents.Task("a", "run a"), bare));

        Updates(2).Should().BeEquivalentTo([("a", TaskState.TaskError), ("b", TaskState.TaskError)]);
        _containerizer.Launched.Should().BeEmpty();
    }
}
