using Mesos.Actors.Agent;
using Akka.Actor;
using Akka.TestKit;
using Mesos.Internal;
using Mesos.V1;
using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.Actors.Tests.Agent;

public sealed class StatusUpdateManagerActorTests : AgentTestKit
{
    private static readonly AgentID AgentId = new() { Value = "agent-1" };
    private readonly TestProbe _master;
    private readonly IActorRef _updates;

    public StatusUpdateManagerActorTests()
    {
        _master = CreateTestProbe("master");
        var link = new InMemoryMasterLink(_master.Ref);
        _updates = Sys.ActorOf(Props.Create(() => new StatusUpdateManagerActor(link)));
        _updates.Tell(new ResumeStatusUpdates(AgentId));
    }

    [Fact]
    public void Each_update_gets_a_fresh_uuid_and_the_current_time()
    {
        _updates.Tell(Forward("t1", TaskState.TaskRunning));
        _updates.Tell(Forward("t2", TaskState.TaskRunning));

        var first = ExpectUpdate();
        var second = ExpectUpdate();

        first.Status.Uuid.Length.Should().Be(16);
        first.Status.Uuid.Should().NotEqual(second.Status.Uuid);
        first.Status.Timestamp.Should().Be(Sys.Scheduler.Now.ToUnixTimeMilliseconds() / 1000.0);
        first.FrameworkId.Should().Be(AgentEvents.FrameworkId);
    }

    [Fact]
    public void Updates_of_a_task_are_sent_in_order_one_at_a_time()
    {
        _updates.Tell(Forward("t1", TaskState.TaskStarting));
        _updates.Tell(Forward("t1", TaskState.TaskRunning));
        _updates.Tell(Forward("t1", TaskState.TaskFinished));

        var starting = ExpectUpdate();
        starting.Status.State.Should().Be(TaskState.TaskStarting);
        _master.ExpectNoMessageYet();

        Acknowledge(starting.Status);
        var running = ExpectUpdate();
        running.Status.State.Should().Be(TaskState.TaskRunning);

        Acknowledge(running.Status);
        ExpectUpdate().Status.State.Should().Be(TaskState.TaskFinished);
    }

    [Fact]
    public void An_unacknowledged_update_is_resent_with_a_doubling_backoff_capped_at_ten_minutes()
    {
        _updates.Tell(Forward("t1", TaskState.TaskRunning));
        var sent = ExpectUpdate();

        foreach (var wait in new[] { 10, 20, 40, 80, 160, 320, 600, 600 })
        {
            Advance(TimeSpan.FromSeconds(wait) - TimeSpan.FromMilliseconds(1));
            _master.ExpectNoMessageYet();
            Advance(TimeSpan.FromMilliseconds(1));
            ExpectUpdate().Status.Should().Be(sent.Status);
        }
    }

    [Fact]
    public void An_acknowledged_update_is_not_resent()
    {
        _updates.Tell(Forward("t1", TaskState.TaskRunning));
        Acknowledge(ExpectUpdate().Status);

        Advance(TimeSpan.FromHours(1));

        _master.ExpectNoMessageYet();
    }

    [Fact]
    public void The_parent_hears_when_a_terminal_update_is_acknowledged()
    {
        var parent = CreateTestProbe("agent");
        var link = new InMemoryMasterLink(_master.Ref);
        var updates = Sys.ActorOf(Props.Create(() => new ParentProbe(Props.Create(() => new StatusUpdateManagerActor(link)), parent.Ref)));
        updates.Tell(new ResumeStatusUpdates(AgentId));
        updates.Tell(Forward("t1", TaskState.TaskFailed));

        var failed = ExpectUpdate();
        updates.Tell(new AcknowledgeStatusUpdate(AgentEvents.FrameworkId, failed.Status.TaskId, failed.Status.Uuid));

        parent.ExpectMsg<StatusUpdateStreamEnded>().TaskId.Value.Should().Be("t1");
    }

    [Fact]
    public void While_paused_nothing_is_sent_and_resuming_sends_every_pending_update_at_once()
    {
        _updates.Tell(PauseStatusUpdates.Instance);
        _updates.Tell(Forward("t1", TaskState.TaskRunning));
        _updates.Tell(Forward("t2", TaskState.TaskRunning));
        Advance(TimeSpan.FromMinutes(30));
        _master.ExpectNoMessageYet();

        _updates.Tell(new ResumeStatusUpdates(new AgentID { Value = "agent-2" }));

        var resent = new[] { ExpectUpdate(), ExpectUpdate() };
        resent.Select(u => u.Status.TaskId.Value).Should().BeEquivalentTo(["t1", "t2"]);
        _master.ExpectNoMessageYet();
    }

    [Fact]
    public void Resuming_restarts_the_resend_backoff_so_the_first_resend_after_a_reconnection_waits_ten_seconds_again()
    {
        _updates.Tell(Forward("t1", TaskState.TaskRunning));
        var sent = ExpectUpdate();
        Advance(TimeSpan.FromSeconds(10));
        ExpectUpdate();
        Advance(TimeSpan.FromSeconds(20));
        ExpectUpdate();

        _updates.Tell(PauseStatusUpdates.Instance);
        _updates.Tell(new ResumeStatusUpdates(AgentId));

        ExpectUpdate().Status.Should().Be(sent.Status);
        foreach (var wait in new[] { 10, 20, 40 })
        {
            Advance(TimeSpan.FromSeconds(wait) - TimeSpan.FromMilliseconds(1));
            _master.ExpectNoMessageYet();
            Advance(TimeSpan.FromMilliseconds(1));
            ExpectUpdate().Status.Should().Be(sent.Status);
        }
    }

    private static ForwardStatusUpdate Forward(string taskId, TaskState state) =>
        new(AgentEvents.FrameworkId, new TaskStatus { TaskId = new TaskID { Value = taskId }, State = state });

    private void Acknowledge(TaskStatus status) =>
        _updates.Tell(new AcknowledgeStatusUpdate(AgentEvents.FrameworkId, status.TaskId, status.Uuid));

    private AgentCall.Types.Update ExpectUpdate()
    {
        var call = _master.ExpectMsg<AgentCall>(c => c.Type == AgentCall.Types.Type.Update);
        call.AgentId.Should().NotBeNull();
        return call.Update;
    }
}
