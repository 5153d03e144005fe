using Google.Protobuf;
using Mesos.Actors.Agent;
using Mesos.Actors.Containerizer;
using Mesos.Actors.Protocol;
using Mesos.Internal;
using Mesos.V1;
using Mesos.V1.Executor;
using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.Actors.Tests.Agent;

/// <summary>
/// An agent stopped as by kill -9 and started again on its work dir, with containers that outlive it: frameworks' own
/// executors and the default executor's tasks are taken back, each update reaches the master once, and what cannot
/// be taken back ends as Mesos ends it. Containers are fakes; the checkpoints are real files.
/// </summary>
public sealed class AgentRecoveryTests : AgentTestKit
{
    private static readonly FrameworkInfo Checkpointing = AgentEvents.CheckpointingFramework();
    private static readonly ExecutorInfo GroupExecutor = AgentEvents.Executor("group", ExecutorInfo.Types.Type.Default);

    private readonly FakeContainerizer _containerizer = new();
    private readonly AgentFixture _agent;

    public AgentRecoveryTests()
    {
        _agent = new AgentFixture(this, _containerizer, new FixedJitter(1.0));
        _agent.Subscribe();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) _agent.Dispose();
    }

    private void Launch(string taskId, FrameworkInfo framework) =>
        _agent.Link.Deliver(AgentEvents.RunTask(AgentEvents.ExecutorTask(taskId, AgentEvents.Executor()), framework));

    private static TaskInfo ExecutorTask(string taskId) => AgentEvents.ExecutorTask(taskId, AgentEvents.Executor());

    /// <summary>The container the restarted agent found again under this id.</summary>
    private FakeContainer Recovered(string containerId)
    {
        _containerizer.Recovered.Should().Contain(r => r.ContainerId == containerId);
        return _containerizer.Launched.Last(c => c.ContainerId == containerId);
    }

    /// <summary>Restarts the agent and subscribes it again as the same agent; returns its SUBSCRIBE.</summary>
    private AgentCall.Types.Subscribe Restart()
    {
        _agent.Restart(_containerizer);
        var subscribe = _agent.Subscribe();
        subscribe.AgentId.Value.Should().Be("agent-1");
        return subscribe.Subscribe;
    }

    /// <summary>An executor of a checkpointing framework, subscribed, that ran <paramref name="taskIds"/> and reported each RUNNING, acknowledged.</summary>
    private (FakeContainer Container, Dictionary<string, ByteString> Running) ExecutorRunning(params string[] taskIds)
    {
        foreach (var taskId in taskIds) Launch(taskId, Checkpointing);
        var executor = new ExecutorClient(this, _agent.Agent);
        executor.Subscribe();
        var running = new Dictionary<string, ByteString>();
        foreach (var taskId in taskIds)
        {
            executor.Update(taskId, TaskState.TaskRunning, out var uuid);
            _agent.ExpectUpdate(TaskState.TaskRunning);
            running[taskId] = uuid;
        }
        return (_containerizer.Launched.Should().ContainSingle().Subject, running);
    }

    [Fact]
    public void A_custom_executor_that_kept_running_subscribes_again_and_each_update_reaches_the_master_once()
    {
        Launch("t1", Checkpointing);
        Launch("t2", Checkpointing);
        var executor = new ExecutorClient(this, _agent.Agent);
        executor.Subscribe();
        executor.Update("t1", TaskState.TaskRunning, out _);
        _agent.ExpectUpdate(TaskState.TaskRunning);
        // Held by the agent, not yet acknowledged by the framework when the agent dies.
        executor.Update("t2", TaskState.TaskRunning, out var t2Running);
        _agent.ExpectCall(AgentCall.Types.Type.Update).Update.Status.Uuid.Should().Equal(t2Running);
        var container = _containerizer.Launched.Should().ContainSingle().Subject;

        var subscribe = Restart();

        Recovered(container.ContainerId).Kills.Should().BeEmpty();
        _containerizer.Launched.Should().HaveCount(2, "the executor is found again, not launched again");
        subscribe.Tasks.Select(t => (t.TaskId.Value, t.State)).Should().BeEquivalentTo([("t1", TaskState.TaskRunning), ("t2", TaskState.TaskRunning)]);
        subscribe.Executors.Should().ContainSingle().Which.ExecutorId.Value.Should().Be("ex");
        var resent = _agent.ExpectUpdate(TaskState.TaskRunning);
        resent.Uuid.Should().Equal(t2Running, "the update the framework had not acknowledged goes again, and only it");

        _agent.Agent.Tell(ExecutorApiReady.Instance, TestActor);
        var again = new ExecutorClient(this, _agent.Agent);
        var t1Finished = ExecutorClient.Status("t1", TaskState.TaskFinished, ByteString.CopyFrom(Guid.NewGuid().ToByteArray()));
        // The executor was not told the agent held t2's RUNNING; t1 finished while the agent was away.
        again.Subscribe([ExecutorTask("t1"), ExecutorTask("t2")], [ExecutorClient.Status("t2", TaskState.TaskRunning, t2Running), t1Finished])
            .Should().Be(CallAccepted.Instance);

        var events = again.Events();
        events.Select(e => e.Type).Should().Equal(Event.Types.Type.Subscribed, Event.Types.Type.Acknowledged, Event.Types.Type.Acknowledged);
        events.Skip(1).Select(e => e.Acknowledged.Uuid).Should().Equal(t2Running, t1Finished.Uuid);
        events[0].Subscribed.ContainerId.Value.Should().Be(container.ContainerId);
        _agent.ExpectUpdate(TaskState.TaskFinished).Uuid.Should().Equal(t1Finished.Uuid);
        _agent.Master.ExpectNoMessageYet();
        Advance(_agent.Settings.ExecutorReregistrationTimeout * 2);
        Recovered(container.ContainerId).Kills.Should().BeEmpty("it subscribed again in time");
    }

    [Fact]
    public void An_update_acknowledged_long_before_the_restart_and_resent_by_the_executor_is_not_forwarded_again()
    {
        var (_, running) = ExecutorRunning("t1");
        var executor = new ExecutorClient(this, _agent.Agent);
        executor.Subscribe([ExecutorTask("t1")], []);
        // A later update of the task, acknowledged too: the first is no longer what the checkpoint holds as acknowledged.
        executor.Update("t1", TaskState.TaskRunning, out _);
        _agent.ExpectUpdate(TaskState.TaskRunning);

        Restart();
        _agent.Agent.Tell(ExecutorApiReady.Instance, TestActor);
        var again = new ExecutorClient(this, _agent.Agent);
        again.Subscribe([ExecutorTask("t1")], [ExecutorClient.Status("t1", TaskState.TaskRunning, running["t1"])]);

        again.Events().Should().Contain(e => e.Type == Event.Types.Type.Acknowledged && e.Acknowledged.Uuid == running["t1"]);
        _agent.Master.ExpectNoMessageYet();
    }

    [Fact]
    public void A_custom_executor_that_does_not_subscribe_again_within_the_reregistration_timeout_of_the_executor_API_listening_is_killed()
    {
        var (container, _) = ExecutorRunning("t1");

        Restart();
        // Counted from the moment executors can reach the agent, not from the agent's start.
        Advance(TimeSpan.FromSeconds(10));
        Recovered(container.ContainerId).Kills.Should().BeEmpty();
        _agent.Agent.Tell(ExecutorApiReady.Instance, TestActor);
        Advance(_agent.Settings.ExecutorReregistrationTimeout);

        var recovered = Recovered(container.ContainerId);
        recovered.Kills.Should().Equal(TimeSpan.Zero);
        recovered.Exit(ContainerTermination.KilledBy(9));
        var failed = _agent.ExpectUpdate(TaskState.TaskFailed);
        failed.Reason.Should().Be(TaskStatus.Types.Reason.ExecutorReregistrationTimeout);
        failed.Message.Should().Be("Executor did not reregister within 2secs");
        _agent.ExpectCall(AgentCall.Types.Type.ExecutorExited).ExecutorExited.ExecutorId.Value.Should().Be("ex");
    }

    [Fact]
    public void A_task_the_executor_never_reported_on_and_does_not_say_it_has_is_lost_when_it_subscribes_again()
    {
        var (container, _) = ExecutorRunning("t1");
        Launch("t2", Checkpointing);

        Restart();
        _agent.Agent.Tell(ExecutorApiReady.Instance, TestActor);
        new ExecutorClient(this, _agent.Agent).Subscribe([ExecutorTask("t1")], []);

        var lost = _agent.ExpectUpdate(TaskState.TaskLost);
        lost.TaskId.Value.Should().Be("t2");
        lost.Reason.Should().Be(TaskStatus.Types.Reason.AgentRestarted);
        lost.Message.Should().Be("Task launched during agent restart");
        _agent.Master.ExpectNoMessageYet();
        Recovered(container.ContainerId).Kills.Should().BeEmpty();
    }

    [Fact]
    public void An_executor_that_ended_while_the_agent_was_down_has_its_tasks_fail_and_the_master_hears_how_it_exited()
    {
        var (container, _) = ExecutorRunning("t1");

        Restart();
        Recovered(container.ContainerId).Exit(ContainerTermination.Exit(3));

        var failed = _agent.ExpectUpdate(TaskState.TaskFailed);
        failed.Reason.Should().Be(TaskStatus.Types.Reason.ExecutorTerminated);
        _agent.ExpectCall(AgentCall.Types.Type.ExecutorExited).ExecutorExited.Status.Should().Be(3 << 8);
    }

    [Fact]
    public void The_executor_of_a_framework_that_does_not_checkpoint_is_killed_at_the_restart_and_its_tasks_are_not_reported()
    {
        Launch("t1", AgentEvents.Framework());
        new ExecutorClient(this, _agent.Agent).Subscribe();
        var container = _containerizer.Launched.Should().ContainSingle().Subject;
        container.Launch.ExitStatusFile.Should().BeNull("it does not outlive its agent");

        var subscribe = Restart();

        subscribe.Tasks.Should().BeEmpty();
        subscribe.Executors.Should().BeEmpty();
        AwaitAssert(() => Recovered(container.ContainerId).Kills.Should().Equal(TimeSpan.Zero));
    }

    [Fact]
    public void The_tasks_of_the_default_executor_are_re_attached_and_a_failure_still_takes_its_group_down()
    {
        var containers = LaunchGroup("a", "b");

        var subscribe = Restart();

        subscribe.Tasks.Select(t => (t.TaskId.Value, t.State)).Should().BeEquivalentTo([("a", TaskState.TaskRunning), ("b", TaskState.TaskRunning)]);
        _containerizer.Recovered.Select(r => r.ContainerId).Should().BeEquivalentTo(containers.Values);
        _containerizer.Recovered.Should().OnlyContain(r => r.Process.Pid == 4242 && r.ExitStatusFile != null);
        _agent.Master.ExpectNoMessageYet();

        Recovered(containers["a"]).Exit(ContainerTermination.Exit(1));

        var failed = _agent.ExpectUpdate(TaskState.TaskFailed);
        failed.TaskId.Value.Should().Be("a");
        failed.Message.Should().Be("Command exited with status 1");
        AwaitAssert(() => Recovered(containers["b"]).Kills.Should().ContainSingle());
        Recovered(containers["b"]).Exit(ContainerTermination.KilledBy(15));
        _agent.ExpectUpdate(TaskState.TaskKilled).TaskId.Value.Should().Be("b");
        _agent.ExpectCall(AgentCall.Types.Type.ExecutorExited).ExecutorExited.ExecutorId.Value.Should().Be("group");
    }

    [Fact]
    public void A_task_of_a_group_that_ended_while_the_agent_was_down_reaches_the_master_once_when_SUBSCRIBE_answers_cross()
    {
        var containers = LaunchGroup("long", "short");

        _agent.Restart(_containerizer);
        Recovered(containers["short"]).Exit(ContainerTermination.Exit(0));
        // A restarted agent is slow to answer: its second SUBSCRIBE goes before the answer to the first is taken.
        _agent.SubscribeWhileRetryCrosses();
        var finished = _agent.ExpectCall(AgentCall.Types.Type.Update).Update.Status;
        finished.TaskId.Value.Should().Be("short");
        finished.State.Should().Be(TaskState.TaskFinished);
        _agent.Link.Deliver(AgentEvents.Subscribed("agent-1"));
        _agent.Link.Deliver(AgentEvents.Acknowledge(finished));

        _agent.Master.ExpectNoMessageYet();
        Advance(StatusUpdateManagerActor.MaxBackoff);
        _agent.Master.ExpectNoMessageYet();
    }

    /// <summary>Runs a group of two checkpointed tasks, acknowledges their STARTING and RUNNING, and returns their containers by task id.</summary>
    private Dictionary<string, string> LaunchGroup(string first, string second)
    {
        _agent.Link.Deliver(AgentEvents.RunTaskGroup(Checkpointing, GroupExecutor, AgentEvents.Task(first, $"run {first}"), AgentEvents.Task(second, $"run {second}")));
        for (var i = 0; i < 4; i++)
        {
            var status = _agent.ExpectCall(AgentCall.Types.Type.Update).Update.Status;
            _agent.Link.Deliver(AgentEvents.Acknowledge(status));
        }
        return _containerizer.Launched.ToDictionary(c => c.Launch.Environment["MESOS_TASK_ID"], c => c.ContainerId);
    }

    [Fact]
    public void A_container_found_again_as_the_process_its_checkpoint_names_is_not_checkpointed_again()
    {
        _agent.Link.Deliver(AgentEvents.RunTask(AgentEvents.Task("t1", "sleep 60"), Checkpointing));
        _agent.ExpectUpdate(TaskState.TaskStarting);
        _agent.ExpectUpdate(TaskState.TaskRunning);
        var pids = Directory.GetFiles(Path.Combine(_agent.WorkDir, "meta"), "forked.pid", SearchOption.AllDirectories);
        pids.Should().HaveCount(2, "the container's and its executor run's");
        var written = pids.Select(File.GetLastWriteTimeUtc).ToList();

        Restart();

        _agent.Agent.Tell(GetContainerUsage.Instance, TestActor);
        ExpectMsg<ContainerUsages>().Containers.Should().ContainSingle("the agent has the container it found again");
        pids.Select(File.GetLastWriteTimeUtc).Should().Equal(written);
    }

    [Fact]
    public void After_the_restart_containerizers_kill_the_orphans_they_find_of_this_agent_but_what_it_took_back()
    {
        var (container, _) = ExecutorRunning("t1");

        Restart();

        var sweep = _containerizer.OrphanSweeps.Should().ContainSingle().Subject;
        sweep.AgentId.Should().Be("agent-1");
        sweep.Recovered.Should().BeEquivalentTo([container.ContainerId]);
    }

    [Fact]
    public void A_custom_executor_is_started_under_an_exit_recorder_when_its_framework_checkpoints()
    {
        Launch("t1", Checkpointing);

        var launch = _containerizer.Launched.Should().ContainSingle().Subject.Launch;
        launch.ExitStatusFile.Should().Be(Path.Combine(_agent.WorkDir, "meta", "containers", launch.ContainerId, "exit_status"));
        Directory.Exists(Path.GetDirectoryName(launch.ExitStatusFile)).Should().BeTrue("the recorder writes there");
    }
}
