using Google.Protobuf;
using Mesos.Actors.Agent;
using Mesos.V1;
using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.Actors.Tests.Agent;

public sealed class StatusUpdateManagerTests
{
    private static readonly FrameworkID Framework = new() { Value = "fw" };
    private readonly StatusUpdateManager _manager = new(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(10));
    private int _uuids;

    [Fact]
    public void Only_the_first_update_of_a_task_is_in_flight_and_the_next_goes_once_it_is_acknowledged()
    {
        var starting = Update("t1", TaskState.TaskStarting);
        var running = Update("t1", TaskState.TaskRunning);

        _manager.Enqueue(Framework, starting).Should().BeTrue();
        _manager.Enqueue(Framework, running).Should().BeFalse();
        _manager.Heads().Select(h => h.Status).Should().Equal(starting);

        var ack = _manager.Acknowledge(Framework, starting.TaskId, starting.Uuid);

        ack.Outcome.Should().Be(AcknowledgementOutcome.NextInFlight);
        ack.Next!.Status.Should().Be(running);
    }

    [Fact]
    public void Each_task_has_its_own_stream()
    {
        var first = Update("t1", TaskState.TaskRunning);
        var second = Update("t2", TaskState.TaskRunning);

        _manager.Enqueue(Framework, first).Should().BeTrue();
        _manager.Enqueue(Framework, second).Should().BeTrue();

        _manager.Heads().Select(h => h.Status).Should().BeEquivalentTo([first, second]);
    }

    [Fact]
    public void An_acknowledgement_for_anything_but_the_head_changes_nothing()
    {
        var starting = Update("t1", TaskState.TaskStarting);
        var running = Update("t1", TaskState.TaskRunning);
        _manager.Enqueue(Framework, starting);
        _manager.Enqueue(Framework, running);

        _manager.Acknowledge(Framework, running.TaskId, running.Uuid).Outcome.Should().Be(AcknowledgementOutcome.Ignored);
        _manager.Acknowledge(Framework, new TaskID { Value = "other" }, starting.Uuid).Outcome.Should().Be(AcknowledgementOutcome.Ignored);

        _manager.Heads().Single().Status.Should().Be(starting);
    }

    [Fact]
    public void A_drained_stream_sends_its_next_update_at_once()
    {
        var running = Update("t1", TaskState.TaskRunning);
        _manager.Enqueue(Framework, running);

        _manager.Acknowledge(Framework, running.TaskId, running.Uuid).Outcome.Should().Be(AcknowledgementOutcome.Drained);

        _manager.Heads().Should().BeEmpty();
        _manager.Enqueue(Framework, Update("t1", TaskState.TaskFinished)).Should().BeTrue();
    }

    [Fact]
    public void The_acknowledged_terminal_update_ends_the_stream_and_nothing_follows_it()
    {
        var finished = Update("t1", TaskState.TaskFinished);
        _manager.Enqueue(Framework, finished);
        _manager.Enqueue(Framework, Update("t1", TaskState.TaskRunning)).Should().BeFalse();

        _manager.Acknowledge(Framework, finished.TaskId, finished.Uuid).Outcome.Should().Be(AcknowledgementOutcome.StreamEnded);

        _manager.StreamCount.Should().Be(0);
        _manager.Acknowledge(Framework, finished.TaskId, finished.Uuid).Outcome.Should().Be(AcknowledgementOutcome.Ignored);
    }

    [Fact]
    public void The_last_checkpoint_of_an_ended_stream_keeps_every_uuid_it_took()
    {
        var running = Update("t1", TaskState.TaskRunning);
        var finished = Update("t1", TaskState.TaskFinished);
        _manager.Enqueue(Framework, running, "t1.updates");
        _manager.Enqueue(Framework, finished);
        _manager.Acknowledge(Framework, running.TaskId, running.Uuid);

        var ended = _manager.Acknowledge(Framework, finished.TaskId, finished.Uuid).EndedCheckpoint!.Value;

        ended.Path.Should().Be("t1.updates");
        ended.Updates.Acknowledged.Should().Be(finished);
        ended.Updates.Pending.Should().BeEmpty();
        ended.Updates.Received.Should().BeEquivalentTo([running.Uuid, finished.Uuid], "an executor may send its RUNNING again after the restart");
    }

    [Fact]
    public void The_wait_for_an_acknowledgement_doubles_up_to_the_cap_and_restarts_with_the_next_update()
    {
        var running = Update("t1", TaskState.TaskRunning);
        _manager.Enqueue(Framework, running);
        var key = StreamKey.Of(Framework, running.TaskId);

        var timeouts = Enumerable.Range(0, 8).Select(_ => _manager.NextTimeout(key).TotalSeconds).ToList();

        timeouts.Should().Equal(10, 20, 40, 80, 160, 320, 600, 600);
        _manager.Enqueue(Framework, Update("t1", TaskState.TaskFinished));
        _manager.Acknowledge(Framework, running.TaskId, running.Uuid);
        _manager.NextTimeout(key).Should().Be(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void An_update_the_stream_took_before_is_not_queued_again_even_once_acknowledged()
    {
        var running = Update("t1", TaskState.TaskRunning);
        _manager.Enqueue(Framework, running, "updates");
        _manager.Acknowledge(Framework, running.TaskId, running.Uuid);

        _manager.Enqueue(Framework, running.Clone()).Should().BeFalse();

        _manager.Heads().Should().BeEmpty();
        _manager.Checkpoint(StreamKey.Of(Framework, running.TaskId))!.Value.Updates.Received.Should().Equal(running.Uuid);
    }

    [Fact]
    public void A_stream_taken_back_from_its_checkpoint_refuses_every_update_it_took_before_the_restart()
    {
        var old = Update("t1", TaskState.TaskRunning);
        var acknowledged = Update("t1", TaskState.TaskRunning);
        var pending = Update("t1", TaskState.TaskRunning);
        var checkpoint = new Mesos.Internal.Checkpoints.TaskUpdates { Acknowledged = acknowledged, Pending = { pending }, Received = { old.Uuid } };

        _manager.Recover(Framework, old.TaskId, checkpoint, "updates");

        foreach (var resent in new[] { old, acknowledged, pending }) _manager.Enqueue(Framework, resent.Clone()).Should().BeFalse();
        _manager.Heads().Select(h => h.Status).Should().Equal(pending);
        StatusUpdateManager.Received(checkpoint).Should().BeEquivalentTo([old.Uuid, acknowledged.Uuid, pending.Uuid]);
        _manager.Enqueue(Framework, Update("t1", TaskState.TaskFinished)).Should().BeFalse("it queues behind the pending one");
        _manager.Checkpoint(StreamKey.Of(Framework, old.TaskId))!.Value.Updates.Pending.Should().HaveCount(2);
    }

    private TaskStatus Update(string taskId, TaskState state) => new()
    {
        TaskId = new TaskID { Value = taskId },
        State = state,
        Uuid = ByteString.CopyFrom(BitConverter.GetBytes(++_uuids)),
    };
}
