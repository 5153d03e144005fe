using Mesos.Actors.Protocol;
using Mesos.Actors.Agent;
using Mesos.Actors.Containerizer;
using Mesos.Internal;
using Mesos.V1;
using Mesos.V1.Executor;
using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.Actors.Tests.Agent;

public sealed class CustomExecutorTests : AgentTestKit
{
    private readonly FakeContainerizer _containerizer = new();
    private readonly AgentFixture _agent;
    private readonly ExecutorClient _executor;

    public CustomExecutorTests()
    {
        _agent = new AgentFixture(this, _containerizer, new FixedJitter(1.0));
        _executor = new ExecutorClient(this, _agent.Agent);
        _agent.Subscribe();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) _agent.Dispose();
    }

    private void Launch(string taskId, ExecutorInfo? executor = null) =>
        _agent.Link.Deliver(AgentEvents.RunTask(AgentEvents.ExecutorTask(taskId, executor ?? AgentEvents.Executor())));

    private FakeContainer Container => _containerizer.Launched.Should().ContainSingle().Subject;

    [Fact]
    public void A_task_for_an_executor_starts_the_executors_command_in_its_sandbox_with_the_environment_Mesos_gives_executors()
    {
        Launch("t1");

        var launch = Container.Launch;
        launch.Command.Value.Should().Be("./my-executor");
        launch.SandboxDirectory.Should().Be(_agent.Sandbox("ex"));
        Path.GetFileName(launch.SandboxDirectory).Should().Be(launch.ContainerId);
        launch.Environment.Should().Contain("MESOS_FRAMEWORK_ID", AgentEvents.FrameworkId.Value)
            .And.Contain("MESOS_EXECUTOR_ID", "ex")
            .And.Contain("MESOS_AGENT_ENDPOINT", "127.0.0.1:5051")
            .And.Contain("MESOS_DIRECTORY", launch.SandboxDirectory)
            .And.Contain("MESOS_SANDBOX", launch.SandboxDirectory)
            .And.Contain("MESOS_CHECKPOINT", "0")
            .And.Contain("MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", "5secs")
            .And.Contain("MESOS_HTTP_COMMAND_EXECUTOR", "0");
        _agent.Master.ExpectNoMessageYet();
    }

    [Fact]
    public void On_subscribing_the_executor_hears_SUBSCRIBED_then_the_tasks_that_waited_and_later_tasks_go_to_it_directly()
    {
        Launch("t1");

        _executor.Subscribe().Should().Be(CallAccepted.Instance);
        var events = _executor.Events();
        events.Select(e => e.Type).Should().Equal(Event.Types.Type.Subscribed, Event.Types.Type.Launch);
        var subscribed = events[0].Subscribed;
        subscribed.ExecutorInfo.ExecutorId.Value.Should().Be("ex");
        subscribed.FrameworkInfo.Id.Should().Be(AgentEvents.FrameworkId);
        subscribed.AgentInfo.Id.Value.Should().Be("agent-1");
        subscribed.ContainerId.Value.Should().Be(Container.ContainerId);
        events[1].Launch.Task.TaskId.Value.Should().Be("t1");

        Launch("t2");
        _executor.Events().Should().ContainSingle().Which.Launch.Task.TaskId.Value.Should().Be("t2");
        _containerizer.Launched.Should().HaveCount(1);
    }

    [Fact]
    public void An_update_from_the_executor_reaches_the_master_with_the_executors_uuid_and_the_executor_hears_ACKNOWLEDGED()
    {
        Launch("t1");
        _executor.Subscribe();
        _executor.Events();

        _executor.Update("t1", TaskState.TaskRunning, out var uuid).Should().Be(CallAccepted.Instance);

        var update = _agent.ExpectCall(AgentCall.Types.Type.Update).Update;
        update.FrameworkId.Should().Be(AgentEvents.FrameworkId);
        update.Status.Uuid.Should().Equal(uuid);
        update.Status.State.Should().Be(TaskState.TaskRunning);
        update.Status.ExecutorId.Value.Should().Be("ex");
        update.Status.AgentId.Value.Should().Be("agent-1");
        update.Status.Source.Should().Be(TaskStatus.Types.Source.Executor);
        update.Status.Timestamp.Should().BePositive();
        var acknowledged = _executor.Events().Should().ContainSingle().Subject;
        acknowledged.Type.Should().Be(Event.Types.Type.Acknowledged);
        acknowledged.Acknowledged.Uuid.Should().Equal(uuid);
        acknowledged.Acknowledged.TaskId.Value.Should().Be("t1");
    }

    [Fact]
    public void A_resent_update_is_acknowledged_again_but_reaches_the_master_once()
    {
        Launch("t1");
        _executor.Subscribe();
        _executor.Update("t1", TaskState.TaskRunning, out var uuid);
        _agent.ExpectCall(AgentCall.Types.Type.Update);

        _executor.Subscribe([], [ExecutorClient.Status("t1", TaskState.TaskRunning, uuid)]);

        _executor.Events().Should().Contain(e => e.Type == Event.Types.Type.Acknowledged && e.Acknowledged.Uuid == uuid);
        _agent.Master.ExpectNoMessageYet();
    }

    [Fact]
    public void A_task_the_executor_says_it_holds_is_not_launched_again_when_it_subscribes_anew()
    {
        Launch("t1");
        _executor.Subscribe();
        _executor.Events();
        var stream = _executor.Writer;
        _agent.Agent.Tell(new ExecutorStreamClosed(AgentEvents.FrameworkId, new ExecutorID { Value = "ex" }, stream), TestActor);
        Launch("t2");

        _executor.Subscribe(AgentEvents.ExecutorTask("t1", AgentEvents.Executor()));

        _executor.Events().Select(e => e.Launch?.Task.TaskId.Value ?? e.Type.ToString()).Should().Equal("Subscribed", "t2");
    }

    [Fact]
    public void A_task_group_for_a_custom_executor_reaches_it_whole_as_LAUNCH_GROUP()
    {
        _agent.Link.Deliver(AgentEvents.RunTaskGroup(AgentEvents.Executor(),
            AgentEvents.ExecutorTask("a", AgentEvents.Executor()), AgentEvents.ExecutorTask("b", AgentEvents.Executor())));

        _executor.Subscribe();

        var events = _executor.Events();
        events.Select(e => e.Type).Should().Equal(Event.Types.Type.Subscribed, Event.Types.Type.LaunchGroup);
        events[1].LaunchGroup.TaskGroup.Tasks.Select(t => t.TaskId.Value).Should().Equal("a", "b");
    }

    [Fact]
    public void A_task_for_a_custom_executor_without_a_command_is_refused()
    {
        var executor = AgentEvents.Executor();
        executor.Command = null;

        Launch("t1", executor);

        _agent.ExpectUpdate(TaskState.TaskError).Message.Should().Be("'ExecutorInfo.command' must be set");
        _containerizer.Launched.Should().BeEmpty();
    }

    [Theory]
    [InlineData("other-framework", "ex", "Framework cannot be found")]
    [InlineData(null, "other-executor", "Executor cannot be found")]
    public void Calls_for_an_unknown_framework_or_executor_are_refused_as_Mesos_words_it(string? frameworkId, string executorId, string message)
    {
        Launch("t1");
        var call = new ExecutorClient(this, _agent.Agent, executorId).NewCall(Call.Types.Type.Subscribe, c => c.Subscribe = new());
        if (frameworkId is not null) call.FrameworkId = new FrameworkID { Value = frameworkId };

        _agent.Agent.Tell(new SubscribeExecutor(call, System.Threading.Channels.Channel.CreateUnbounded<Event>().Writer), TestActor);

        ExpectMsg<CallRefused>().Should().Be(new CallRefused(CallRefusal.Invalid, message));
    }

    [Fact]
    public void An_update_before_the_executor_subscribed_is_refused_as_not_subscribed()
    {
        Launch("t1");

        _executor.Update("t1", TaskState.TaskRunning, out _).Should().Be(new CallRefused(CallRefusal.NotSubscribed, "Executor is not subscribed"));
    }

    [Theory]
    [InlineData(false, TaskStatus.Types.Source.Executor, TaskState.TaskRunning, "Expecting 'uuid' to be present")]
    [InlineData(true, TaskStatus.Types.Source.Master, TaskState.TaskRunning, "with invalid source, expecting 'SOURCE_EXECUTOR'")]
    [InlineData(true, TaskStatus.Types.Source.Executor, TaskState.TaskStaging, "Received TASK_STAGING from executor ex")]
    public void An_invalid_update_is_refused_with_the_reason(bool withUuid, TaskStatus.Types.Source source, TaskState state, string message)
    {
        Launch("t1");
        _executor.Subscribe();
        var status = ExecutorClient.Status("t1", state, Google.Protobuf.ByteString.CopyFrom(Guid.NewGuid().ToByteArray()));
        status.Source = source;
        if (!withUuid) status.ClearUuid();

        var refused = _executor.Send(_executor.NewCall(Call.Types.Type.Update, c => c.Update = new Call.Types.Update { Status = status }));

        refused.Should().BeOfType<CallRefused>().Which.Message.Should().StartWith("Failed to validate Executor::Call: ").And.Contain(message);
    }

    [Fact]
    public void A_kill_of_a_task_goes_to_its_executor_as_a_KILL_event()
    {
        Launch("t1");
        _executor.Subscribe();
        _executor.Events();

        _agent.Link.Deliver(AgentEvents.Kill("t1"));

        _executor.Events().Should().ContainSingle().Which.Kill.TaskId.Value.Should().Be("t1");
        Container.Kills.Should().BeEmpty();
    }

    [Fact]
    public void A_task_killed_before_its_executor_subscribed_ends_KILLED_and_never_reaches_the_executor()
    {
        Launch("t1");
        _agent.Link.Deliver(AgentEvents.Kill("t1"));

        var killed = _agent.ExpectUpdate(TaskState.TaskKilled);
        killed.Reason.Should().Be(TaskStatus.Types.Reason.TaskKilledDuringLaunch);
        killed.Source.Should().Be(TaskStatus.Types.Source.Agent);
        _executor.Subscribe();
        _executor.Events().Select(e => e.Type).Should().Equal(Event.Types.Type.Subscribed);
    }

    [Fact]
    public void Messages_pass_both_ways_between_the_framework_and_its_executor()
    {
        Launch("t1");
        _executor.Subscribe();
        _executor.Events();

        _agent.Link.Deliver(AgentEvents.Message("ex", "ping"));
        _executor.Events().Should().ContainSingle().Which.Message.Data.ToStringUtf8().Should().Be("ping");

        _executor.Send(_executor.NewCall(Call.Types.Type.Message, c => c.Message = new Call.Types.Message { Data = Google.Protobuf.ByteString.CopyFromUtf8("pong") }))
            .Should().Be(CallAccepted.Instance);
        var message = _agent.ExpectCall(AgentCall.Types.Type.Message).Message;
        message.FrameworkId.Should().Be(AgentEvents.FrameworkId);
        message.ExecutorId.Value.Should().Be("ex");
        message.Data.ToStringUtf8().Should().Be("pong");
    }

    [Fact]
    public void When_the_executor_exits_its_unfinished_tasks_fail_and_the_master_hears_the_exit()
    {
        Launch("t1");
        Launch("t2");
        _executor.Subscribe();
        _executor.Update("t1", TaskState.TaskFinished, out _);
        _agent.ExpectUpdate(TaskState.TaskFinished);

        Container.Exit(ContainerTermination.Exit(3));

        var calls = _agent.Master.ReceiveN(2).Cast<AgentCall>().ToList();
        var failed = calls.Single(c => c.Type == AgentCall.Types.Type.Update).Update.Status;
        failed.TaskId.Value.Should().Be("t2");
        failed.State.Should().Be(TaskState.TaskFailed);
        failed.Reason.Should().Be(TaskStatus.Types.Reason.ExecutorTerminated);
        failed.Source.Should().Be(TaskStatus.Types.Source.Agent);
        failed.ExecutorId.Value.Should().Be("ex");
        var exited = calls.Single(c => c.Type == AgentCall.Types.Type.ExecutorExited).ExecutorExited;
        exited.ExecutorId.Value.Should().Be("ex");
        exited.Status.Should().Be(3 << 8);
        _executor.Events();
        _executor.StreamEnded.Should().BeTrue();
    }

    [Fact]
    public void An_executor_that_does_not_subscribe_in_time_is_killed_and_its_tasks_fail()
    {
        Launch("t1");

        Advance(_agent.Settings.ExecutorRegistrationTimeout);

        Container.Kills.Should().Equal(TimeSpan.Zero);
        Container.Exit(ContainerTermination.KilledBy(9));
        var failed = _agent.ExpectUpdate(TaskState.TaskFailed);
        failed.Reason.Should().Be(TaskStatus.Types.Reason.ExecutorRegistrationTimeout);
        failed.Message.Should().Be("Executor did not register within 1mins");
    }

    [Fact]
    public void A_shutdown_tells_the_executor_and_kills_it_after_its_grace_period()
    {
        var executor = AgentEvents.Executor();
        executor.ShutdownGracePeriod = new DurationInfo { Nanoseconds = 2_000_000_000 };
        Launch("t1", executor);
        _executor.Subscribe();
        _executor.Events();

        _agent.Link.Deliver(AgentEvents.ShutdownExecutor("ex"));

        _executor.Events().Should().ContainSingle().Which.Type.Should().Be(Event.Types.Type.Shutdown);
        Advance(TimeSpan.FromSeconds(2) - TimeSpan.FromMilliseconds(1));
        Container.Kills.Should().BeEmpty();
        Advance(TimeSpan.FromMilliseconds(1));
        Container.Kills.Should().Equal(TimeSpan.Zero);
    }

    [Fact]
    public void An_agent_that_subscribes_again_reports_its_executors_and_their_tasks()
    {
        Launch("t1");
        Launch("t2");

        _agent.Link.Disconnect();
        _agent.Connect();
        Advance(MasterSubscription.RegistrationBackoffFactor);

        var subscribe = _agent.ExpectCall(AgentCall.Types.Type.Subscribe).Subscribe;
        subscribe.Executors.Should().ContainSingle().Which.ExecutorId.Value.Should().Be("ex");
        subscribe.Tasks.Select(t => t.TaskId.Value).Should().BeEquivalentTo("t1", "t2");
        subscribe.Tasks.Should().OnlyContain(t => t.ExecutorId.Value == "ex" && t.State == TaskState.TaskStaging);
    }

    [Fact]
    public void Operators_see_one_executor_with_its_tasks_queued_until_it_subscribes()
    {
        Launch("t1");
        Launch("t2");
        _agent.Agent.Tell(GetAgentState.Instance, TestActor);

        var executor = ExpectMsg<AgentSnapshot>().Frameworks.Single().Executors.Should().ContainSingle().Subject;
        executor.Info.ExecutorId.Value.Should().Be("ex");
        executor.Tasks.Should().HaveCount(2).And.OnlyContain(t => t.Phase == AgentTaskPhase.Queued && t.Task.ExecutorId.Value == "ex");
        executor.Container!.ExecutorPid.Should().Be(4242u);

        _executor.Subscribe();
        _agent.Agent.Tell(GetAgentState.Instance, TestActor);
        ExpectMsg<AgentSnapshot>().Frameworks.Single().Executors.Single().Tasks.Should().OnlyContain(t => t.Phase == AgentTaskPhase.Launched);
    }
}
