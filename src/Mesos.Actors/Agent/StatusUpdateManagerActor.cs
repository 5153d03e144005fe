using Google.Protobuf;
using Akka.Actor;
using Mesos.Internal;
using Mesos.V1;
using TaskStatus = Mesos.V1.TaskStatus;
using Akka.Event;

namespace Mesos.Actors.Agent;

/// <summary>
/// Drives a <see cref="StatusUpdateManager"/>: stamps each update that lacks them with a uuid and a timestamp, sends
/// heads to the master while the agent is subscribed, and resends them on its timers until acknowledged.
/// Tells its parent <see cref="StatusUpdateStreamEnded"/> when a task's terminal update is acknowledged.
/// </summary>
internal sealed class StatusUpdateManagerActor : ReceiveActor, IWithTimers
{
    /// <summary>Mesos' status update retry interval: from 10 s, doubling, to 10 min.</summary>
    public static readonly TimeSpan InitialBackoff = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(10);

    private readonly IMasterLink _link;
    private readonly StatusUpdateManager _manager = new(InitialBackoff, MaxBackoff);
    private readonly ILoggingAdapter _log;
    private AgentID? _agentId;

    public StatusUpdateManagerActor(IMasterLink link)
    {
        _link = link;
        _log = Context.GetLogger();
        Receive<ForwardStatusUpdate>(Forward);
        Receive<AcknowledgeStatusUpdate>(Acknowledge);
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
        if (_manager.Enqueue(forward.FrameworkId, status)) Send(_manager.Head(StreamKey.Of(forward.FrameworkId, status.TaskId)));
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
                Send(result.Next);
                return;
            case AcknowledgementOutcome.StreamEnded:
                Timers.Cancel(result.Key);
                Context.Parent.Tell(new StatusUpdateStreamEnded(ack.FrameworkId, ack.TaskId));
                return;
            default:
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
        _link.Post(call, _log);
        Timers.StartSingleTimer(update.Key, new ResendStatusUpdate(update.Key), _manager.NextTimeout(update.Key));
    }

    private sealed record ResendStatusUpdate(StreamKey Key);
}

/// <summary>A new status update of a task, from its supervisor or the agent.</summary>
internal sealed record ForwardStatusUpdate(FrameworkID FrameworkId, TaskStatus Status);

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
