using Google.Protobuf;
using Akka.Actor;
using Mesos.Internal;
using Mesos.V1;
using TaskStatus = Mesos.V1.TaskStatus;
using Akka.Event;
using Mesos.Actors.Agent.Checkpoints;
using Mesos.Internal.Checkpoints;

namespace Mesos.Actors.Agent;

/// <summary>
/// Drives a <see cref="StatusUpdateManager"/>: stamps each update that lacks them with a uuid and a timestamp, sends
/// heads to the master while the agent is subscribed, and resends them on its timers until acknowledged.
/// The streams of checkpointing frameworks are written to their checkpoint before an update is sent and after
/// each acknowledgement, so that a restarted agent sends again exactly what was not acknowledged; an executor
/// hears that the agent holds its update only once it is written. A write that fails stops the manager, which
/// tells its parent <see cref="StatusUpdateCheckpointFailed"/>, as Mesos' agent aborts then: an update it could
/// not checkpoint is neither sent nor acknowledged to its executor. Tells its parent
/// <see cref="StatusUpdateStreamEnded"/> when a task's terminal update is acknowledged.
/// </summary>
internal sealed class StatusUpdateManagerActor : ReceiveActor, IWithTimers
{
    /// <summary>Mesos' status update retry interval: from 10 s, doubling, to 10 min.</summary>
    public static readonly TimeSpan InitialBackoff = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(10);

    private readonly IMasterLink _link;
    private readonly StatusUpdateManager _manager = new(InitialBackoff, MaxBackoff);
    private readonly CheckpointStore? _checkpoints;
    private readonly ILoggingAdapter _log;
    private AgentID? _agentId;

    /// <param name="checkpoints">Where checkpointed streams are written; null when nothing is checkpointed.</param>
    public StatusUpdateManagerActor(IMasterLink link, CheckpointStore? checkpoints = null)
    {
        _link = link;
        _checkpoints = checkpoints;
        _log = Context.GetLogger();
        Receive<ForwardStatusUpdate>(Forward);
        Receive<RecoverStatusUpdates>(recover =>
        {
            foreach (var stream in recover.Streams) _manager.Recover(stream.FrameworkId, stream.TaskId, stream.Updates, stream.Checkpoint);
        });
        Receive<AcknowledgeStatusUpdate>(Acknowledge);
        // In order after the updates before it: the executor hears of its update once that is written.
        Receive<AcknowledgeExecutorUpdate>(ack => ack.Executor.Tell(new UpdateAcknowledged(ack.TaskId, ack.Uuid)));
        Receive<ResumeStatusUpdates>(Resume);
        Receive<PauseStatusUpdates>(_ => Pause());
        Receive<ResendStatusUpdate>(resend => Send(_manager.Head(resend.Key)));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    private void Forward(ForwardStatusUpdate forward)
    {
        var status = forward.Status.Clone();
        if (!status.HasUuid) status.Uuid = ByteString.CopyFrom(Guid.NewGuid().ToByteArray(bigEndian: true));
        if (!status.HasTimestamp) status.Timestamp = Context.System.Scheduler.Now.ToUnixTimeMilliseconds() / 1000.0;
        var key = StreamKey.Of(forward.FrameworkId, status.TaskId);
        var head = _manager.Enqueue(forward.FrameworkId, status, forward.Checkpoint);
        if (!Write(_manager.Checkpoint(key))) return;
        if (head) Send(_manager.Head(key));
        forward.AcknowledgeTo?.Tell(new UpdateAcknowledged(status.TaskId, status.Uuid));
    }

    /// <summary>
    /// Writes a stream's checkpoint; false when that failed. The manager then stops, and its parent stops the agent, as
    /// Mesos' agent aborts: a restart could no longer tell what was sent and acknowledged.
    /// </summary>
    private bool Write((string Path, TaskUpdates Updates)? checkpoint)
    {
        if (_checkpoints is null || checkpoint is not var (path, updates)) return true;
        try
        {
            _checkpoints.Write(path, updates);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _log.Error(e, "Failed to checkpoint the status updates at {Path}", path);
            Context.Parent.Tell(new StatusUpdateCheckpointFailed(path, e));
            Timers.CancelAll();
            Context.Stop(Self);
            return false;
        }
    }

    private void Acknowledge(AcknowledgeStatusUpdate ack)
    {
        var result = _manager.Acknowledge(ack.FrameworkId, ack.TaskId, ack.Uuid);
        switch (result.Outcome)
        {
            case AcknowledgementOutcome.Ignored:
                _log.Debug("Ignoring an acknowledgement for task {Task} of framework {Framework}: not the update in flight",
                    ack.TaskId.Value, ack.FrameworkId.Value);
                return;
            case AcknowledgementOutcome.NextInFlight:
                if (Write(_manager.Checkpoint(result.Key))) Send(result.Next);
                return;
            case AcknowledgementOutcome.StreamEnded:
                if (!Write(result.EndedCheckpoint)) return;
                Timers.Cancel(result.Key);
                Context.Parent.Tell(new StatusUpdateStreamEnded(ack.FrameworkId, ack.TaskId));
                return;
            default:
                Write(_manager.Checkpoint(result.Key));
                Timers.Cancel(result.Key);
                return;
        }
    }

    private void Resume(ResumeStatusUpdates resume)
    {
        _agentId = resume.AgentId;
        _manager.ResetBackoff();
        foreach (var head in _manager.Heads()) Send(head);
    }

    // Resends wait for the next subscription, which sends every head again.
    private void Pause()
    {
        _agentId = null;
        Timers.CancelAll();
    }

    private void Send(PendingUpdate? update)
    {
        if (update is null || _agentId is null) return;
        var call = new AgentCall
        {
            Type = AgentCall.Types.Type.Update,
            AgentId = _agentId,
            Update = new AgentCall.Types.Update { Status = update.Status, FrameworkId = update.FrameworkId },
        };
        // The retry is due before the call leaves, so that whoever has seen the call can count on its retry.
        Timers.StartSingleTimer(update.Key, new ResendStatusUpdate(update.Key), _manager.NextTimeout(update.Key));
        _link.Post(call, _log);
    }

    private sealed record ResendStatusUpdate(StreamKey Key);
}

/// <summary>A new status update of a task, from its supervisor or the agent.</summary>
/// <param name="Checkpoint">Where the task's updates are checkpointed (relative to the meta directory); null when its framework does not checkpoint.</param>
internal sealed record ForwardStatusUpdate(FrameworkID FrameworkId, TaskStatus Status, string? Checkpoint = null)
{
    /// <summary>The runner of the executor the update came from, which hears <see cref="UpdateAcknowledged"/> once the update is checkpointed.</summary>
    public IActorRef? AcknowledgeTo { get; init; }
}

/// <summary>An update the executor sent again, which the agent holds already: the executor hears so after the updates before it are written.</summary>
internal sealed record AcknowledgeExecutorUpdate(IActorRef Executor, TaskID TaskId, ByteString Uuid);

/// <summary>Told to the parent: a stream could not be checkpointed; the manager has stopped.</summary>
internal sealed record StatusUpdateCheckpointFailed(string Path, Exception Cause);

/// <summary>The streams an earlier run of the agent checkpointed, to be sent again once the agent is subscribed.</summary>
internal sealed record RecoverStatusUpdates(IReadOnlyList<RecoveredStream> Streams);

internal sealed record RecoveredStream(FrameworkID FrameworkId, TaskID TaskId, TaskUpdates Updates, string Checkpoint);

/// <summary>The framework acknowledged the update with this uuid.</summary>
internal sealed record AcknowledgeStatusUpdate(FrameworkID FrameworkId, TaskID TaskId, ByteString Uuid);

/// <summary>The agent is subscribed (again) under this id: send what waits.</summary>
internal sealed record ResumeStatusUpdates(AgentID AgentId);

/// <summary>The agent lost its master: hold updates until it subscribes again.</summary>
internal sealed record PauseStatusUpdates
{
    public static readonly PauseStatusUpdates Instance = new();
}

/// <summary>Told to the parent: a task's terminal update was acknowledged, its stream is gone.</summary>
internal sealed record StatusUpdateStreamEnded(FrameworkID FrameworkId, TaskID TaskId);
