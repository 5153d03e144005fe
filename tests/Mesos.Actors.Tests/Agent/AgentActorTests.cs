using Mesos.Actors.Protocol;
using Mesos.Actors.Agent;
using Mesos.Actors.Containerizer;
using Mesos.Internal;
using Mesos.V1;
using CapabilityType = Mesos.V1.FrameworkInfo.Types.Capability.Types.Type;

namespace Mesos.Actors.Tests.Agent;

public sealed class AgentActorTests : AgentTestKit
{
    private readonly FakeContainerizer _containerizer = new();
    private readonly AgentFixture _agent;

    public AgentActorTests()
    {
        _agent = new AgentFixture(this, _containerizer, new FixedJitter(1.0));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) _agent.Dispose();
    }

    [Fact]
    public void It_subscribes_with_its_hostname_port_resources_and_attributes_once_the_link_connects()
    {
        _agent.Connect();
        Advance(MasterSubscription.RegistrationBackoffFactor);

        var subscribe = _agent.ExpectCall(AgentCall.Types.Type.Subscribe);

        subscribe.AgentId.Should().BeNull();
        var info = subscribe.Subscribe.AgentInfo;
        info.Hostname.Should().Be("agent-host");
        info.Port.Should().Be(5051);
        info.Id.Should().BeNull();
        var resources = Mesos.Actors.Protocol.Resources.FromProtos(info.Resources);
        resources.Scalar("cpus").Should().Be(2);
        resources.Scalar("mem").Should().Be(1024);
        resources.Scalar("disk").Should().Be(100 * 1024 - 5 * 1024);
        resources.Ranges("ports").Should().Equal((31000UL, 32000UL));
        info.Attributes.Select(a => a.Name).Should().Equal("rack", "level");
        subscribe.Subscribe.Tasks.Should().BeEmpty();
    }

    [Fact]
    public void It_retries_SUBSCRIBE_with_a_doubling_backoff_until_SUBSCRIBED_arrives()
    {
        _agent.Connect();
        Advance(TimeSpan.FromSeconds(1));
        _agent.ExpectCall(AgentCall.Types.Type.Subscribe);

        Advance(TimeSpan.FromSeconds(2) - TimeSpan.FromMilliseconds(1));
        _agent.Master.ExpectNoMessageYet();
        Advance(TimeSpan.FromMilliseconds(1));
        _agent.ExpectCall(AgentCall.Types.Type.Subscribe);
        Advance(TimeSpan.FromSeconds(4));
        _agent.ExpectCall(AgentCall.Types.Type.Subscribe);

        _agent.Link.Deliver(AgentEvents.Subscribed("agent-1"));
        Advance(TimeSpan.FromSeconds(60));
        _agent.Master.ExpectNoMessageYet();
    }

    [Fact]
    public void The_answer_to_a_retried_SUBSCRIBE_that_crossed_the_first_answer_does_not_send_the_update_in_flight_again()
    {
        _agent.SubscribeWhileRetryCrosses();
        _agent.Link.Deliver(AgentEvents.RunTask(AgentEvents.Task("t1", "serve")));
        var starting = _agent.ExpectCall(AgentCall.Types.Type.Update).Update.Status;

        // The master's answer to the second SUBSCRIBE comes before the framework's acknowledgement.
        _agent.Link.Deliver(AgentEvents.Subscribed("agent-1"));

        _agent.Master.ExpectNoMessageYet();
        _agent.Link.Deliver(AgentEvents.Acknowledge(starting));
        _agent.ExpectCall(AgentCall.Types.Type.Update).Update.Status.State.Should().Be(TaskState.TaskRunning);
    }

    [Fact]
    public void After_a_master_of_a_later_epoch_it_refuses_what_an_older_master_sends()
    {
        _agent.Connect();
        Advance(MasterSubscription.RegistrationBackoffFactor);
        _agent.ExpectCall(AgentCall.Types.Type.Subscribe);
        var subscribed = AgentEvents.Subscribed("agent-1");
        subscribed.Epoch = 2;
        _agent.Link.Deliver(subscribed);

        var stale = AgentEvents.RunTask(AgentEvents.Task("stale", "serve"));
        stale.Epoch = 1;
        _agent.Link.Deliver(stale);
        var current = AgentEvents.RunTask(AgentEvents.Task("current", "serve"));
        current.Epoch = 2;
        _agent.Link.Deliver(current);

        _agent.ExpectUpdate(TaskState.TaskStarting).TaskId.Value.Should().Be("current");
        _containerizer.Launched.Should().ContainSingle("the stale RUN_TASK launched nothing");
    }

    [Fact]
    public void It_does_not_subscribe_before_the_link_connects()
    {
        Advance(TimeSpan.FromMinutes(5));

        _agent.Master.ExpectNoMessageYet();
    }

    [Fact]
    public void It_answers_PING_with_PONG_carrying_the_sequence_and_its_id()
    {
        _agent.Subscribe("agent-7");

        _agent.Link.Deliver(AgentEvents.Ping(42));

        var pong = _agent.ExpectCall(AgentCall.Types.Type.Pong);
        pong.Pong.Sequence.Should().Be(42UL);
        pong.AgentId.Value.Should().Be("agent-7");
    }

    [Fact]
    public void It_subscribes_again_when_the_master_stops_pinging()
    {
        _agent.Subscribe();
        var timeout = TimeSpan.FromSeconds(_agent.PingIntervalSeconds * MasterSubscription.MaxMissedPings);

        Advance(timeout - TimeSpan.FromSeconds(1));
        _agent.Link.Deliver(AgentEvents.Ping(1));
        _agent.ExpectCall(AgentCall.Types.Type.Pong);
        Advance(timeout - TimeSpan.FromSeconds(1));
        _agent.Master.ExpectNoMessageYet();

        Advance(TimeSpan.FromSeconds(1));
        Advance(MasterSubscription.RegistrationBackoffFactor);
        _agent.ExpectCall(AgentCall.Types.Type.Subscribe).Subscribe.AgentInfo.Id.Value.Should().Be("agent-1");
    }

    [Fact]
    public void Resources_the_master_checkpoints_are_the_agents_and_are_reported_when_it_subscribes_again()
    {
        _agent.Subscribe();
        var total = Resources.Parse("cpus:2;mem:1024").ToProtos().ToList();
        var reserved = Resources.Parse("cpus:1;mem:512").ToProtos().ToList();
        foreach (var resource in reserved) resource.Reservations.Add(new Resource.Types.ReservationInfo { Type = Resource.Types.ReservationInfo.Types.Type.Dynamic, Role = "ads" });
        _agent.Link.Deliver(new AgentEvent
        {
            Type = AgentEvent.Types.Type.CheckpointResources,
            CheckpointResources = new AgentEvent.Types.CheckpointResources { Resources = { total.Concat(reserved) } },
        });

        _agent.Link.Disconnect();
        _agent.Connect();
        Advance(MasterSubscription.RegistrationBackoffFactor);

        var reported = Resources.FromProtos(_agent.ExpectCall(AgentCall.Types.Type.Subscribe).Subscribe.AgentInfo.Resources);
        reported.Reserved("ads").Scalar("cpus").Should().Be(1);
        reported.Unreserved().Scalar("mem").Should().Be(1024);
    }

    [Fact]
    public void After_a_reconnection_it_subscribes_again_with_its_id_and_the_tasks_it_still_runs_and_resends_what_was_not_acknowledged()
    {
        _agent.Subscribe();
        _agent.Link.Deliver(AgentEvents.RunTask(AgentEvents.Task("web", "serve")));
        _agent.ExpectUpdate(TaskState.TaskStarting);
        var running = _agent.ExpectCall(AgentCall.Types.Type.Update).Update.Status;
        running.State.Should().Be(TaskState.TaskRunning);

        _agent.Link.Disconnect();
        _agent.Connect();
        Advance(MasterSubscription.RegistrationBackoffFactor);

        var subscribe = _agent.ExpectCall(AgentCall.Types.Type.Subscribe);
        subscribe.AgentId.Value.Should().Be("agent-1");
        subscribe.Subscribe.AgentInfo.Id.Value.Should().Be("agent-1");
        var task = subscribe.Subscribe.Tasks.Should().ContainSingle().Subject;
        task.TaskId.Value.Should().Be("web");
        task.State.Should().Be(TaskState.TaskRunning);
        task.FrameworkId.Should().Be(AgentEvents.FrameworkId);
        subscribe.Subscribe.Frameworks.Should().ContainSingle().Which.Id.Should().Be(AgentEvents.FrameworkId);
        _containerizer.Launched.Single().Kills.Should().BeEmpty();

        _agent.Link.Deliver(AgentEvents.Subscribed("agent-1"));
        _agent.ExpectCall(AgentCall.Types.Type.Update).Update.Status.Uuid.Should().Equal(running.Uuid);
    }

    [Fact]
    public void An_update_still_unacknowledged_after_a_reconnection_is_resent_at_once_and_then_after_ten_seconds_as_a_new_one_would_be()
    {
        _agent.Subscribe();
        _agent.Link.Deliver(AgentEvents.RunTask(AgentEvents.Task("web", "serve")));
        _agent.ExpectUpdate(TaskState.TaskStarting);
        var running = _agent.ExpectCall(AgentCall.Types.Type.Update).Update.Status;
        Advance(StatusUpdateManagerActor.InitialBackoff);
        _agent.ExpectCall(AgentCall.Types.Type.Update).Update.Status.Uuid.Should().Equal(running.Uuid);
        Advance(StatusUpdateManagerActor.InitialBackoff * 2);
        _agent.ExpectCall(AgentCall.Types.Type.Update).Update.Status.Uuid.Should().Equal(running.Uuid);

        _agent.Link.Disconnect();
        _agent.Subscribe();

        _agent.ExpectCall(AgentCall.Types.Type.Update).Update.Status.Uuid.Should().Equal(running.Uuid);
        Advance(StatusUpdateManagerActor.InitialBackoff - TimeSpan.FromMilliseconds(1));
        _agent.Master.ExpectNoMessageYet();
        Advance(TimeSpan.FromMilliseconds(1));
        _agent.ExpectCall(AgentCall.Types.Type.Update).Update.Status.Uuid.Should().Equal(running.Uuid);
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("tab\there")]
    public void A_task_whose_id_cannot_be_a_directory_name_is_refused_with_TASK_ERROR(string taskId)
    {
        _agent.Subscribe();

        _agent.Link.Deliver(AgentEvents.RunTask(AgentEvents.Task(taskId, "true")));

        var error = _agent.ExpectUpdate(TaskState.TaskError);
        error.Message.Should().StartWith("Task ID");
        error.Reason.Should().Be(Mesos.V1.TaskStatus.Types.Reason.TaskInvalid);
        _containerizer.Launched.Should().BeEmpty();
    }

    [Fact]
    public void A_task_id_longer_than_a_file_name_may_be_is_refused()
    {
        _agent.Subscribe();

        _agent.Link.Deliver(AgentEvents.RunTask(AgentEvents.Task(new string('x', 256), "true")));

        _agent.ExpectUpdate(TaskState.TaskError).Message.Should().Contain("at most 255 are allowed");
    }

    [Fact]
    public void Killing_a_task_the_agent_does_not_know_answers_TASK_LOST()
    {
        _agent.Subscribe();

        _agent.Link.Deliver(AgentEvents.Kill("ghost"));

        var lost = _agent.ExpectUpdate(TaskState.TaskLost);
        lost.TaskId.Value.Should().Be("ghost");
        lost.Source.Should().Be(Mesos.V1.TaskStatus.Types.Source.Agent);
    }

    [Fact]
    public void A_kill_goes_to_the_container_with_the_task_grace_period_and_ends_in_TASK_KILLING_then_TASK_KILLED()
    {
        _agent.Subscribe();
        var policy = new KillPolicy { GracePeriod = new DurationInfo { Nanoseconds = 7_000_000_000 } };
        _agent.Link.Deliver(AgentEvents.RunTask(AgentEvents.Task("t", "sleep 60", policy), AgentEvents.Framework(CapabilityType.TaskKillingState)));
        _agent.ExpectUpdate(TaskState.TaskStarting);
        _agent.ExpectUpdate(TaskState.TaskRunning);

        _agent.Link.Deliver(AgentEvents.Kill("t"));
        _agent.ExpectUpdate(TaskState.TaskKilling);
        var container = _containerizer.Launched.Single();
        container.Kills.Should().Equal(TimeSpan.FromSeconds(7));

        container.Exit(ContainerTermination.KilledBy(15));
        _agent.ExpectUpdate(TaskState.TaskKilled).Message.Should().Be("Command terminated with signal SIGTERM");
    }

    [Fact]
    public void Without_the_TASK_KILLING_capability_a_kill_goes_straight_to_TASK_KILLED_with_the_default_grace()
    {
        _agent.Subscribe();
        _agent.Link.Deliver(AgentEvents.RunTask(AgentEvents.Task("t", "sleep 60")));
        _agent.ExpectUpdate(TaskState.TaskStarting);
        _agent.ExpectUpdate(TaskState.TaskRunning);

        _agent.Link.Deliver(AgentEvents.Kill("t"));
        var container = _containerizer.Launched.Single();
        container.Kills.Should().Equal((TimeSpan?)null);
        container.Exit(ContainerTermination.KilledBy(15));

        _agent.ExpectUpdate(TaskState.TaskKilled);
    }

    [Fact]
    public void Shutting_a_framework_down_kills_all_its_tasks()
    {
        _agent.Subscribe();
        _agent.Link.Deliver(AgentEvents.RunTask(AgentEvents.Task("a", "sleep 60")));
        _agent.Link.Deliver(AgentEvents.RunTask(AgentEvents.Task("b", "sleep 60")));

        _agent.Link.Deliver(AgentEvents.ShutdownFramework());

        _containerizer.Launched.Should().HaveCount(2).And.OnlyContain(c => c.Kills.Count == 1);
    }

    [Fact]
    public void The_task_runs_in_its_sandbox_with_the_Mesos_environment()
    {
        _agent.Subscribe();

        _agent.Link.Deliver(AgentEvents.RunTask(AgentEvents.Task("t", "env")));

        var launch = _containerizer.Launched.Single().Launch;
        launch.SandboxDirectory.Should().Be(_agent.Sandbox("t"));
        Path.GetFileName(launch.SandboxDirectory).Should().Be(launch.ContainerId);
        launch.Environment.Should().Contain("MESOS_SANDBOX", launch.SandboxDirectory)
            .And.Contain("MESOS_TASK_ID", "t")
            .And.Contain("MESOS_FRAMEWORK_ID", AgentEvents.FrameworkId.Value)
            .And.Contain("MESOS_AGENT_ID", "agent-1")
            .And.Contain("MESOS_EXECUTOR_ID", "t");
    }

    [Fact]
    public void A_finished_task_is_forgotten_once_its_terminal_update_is_acknowledged()
    {
        _agent.Subscribe();
        _agent.Link.Deliver(AgentEvents.RunTask(AgentEvents.Task("t", "true")));
        _agent.ExpectUpdate(TaskState.TaskStarting);
        _agent.ExpectUpdate(TaskState.TaskRunning);
        _containerizer.Launched.Single().Exit(ContainerTermination.Exit(0));
        _agent.ExpectUpdate(TaskState.TaskFinished);

        _agent.Link.Disconnect();
        _agent.Connect();
        Advance(MasterSubscription.RegistrationBackoffFactor);

        _agent.ExpectCall(AgentCall.Types.Type.Subscribe).Subscribe.Tasks.Should().BeEmpty();
    }
}
