using Mesos.Actors.Protocol;
using Google.Protobuf;
using Mesos.V1;
using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.Actors.Agent;

/// <summary>
/// Reliable, ordered delivery of task status updates, as Mesos' status update manager: each task has a
/// stream of updates of which only the head is in flight; the head is resent, with a backoff that doubles
/// up to a cap, until its acknowledgement (by uuid) arrives; then the next one goes. A terminal update
/// ends its stream once acknowledged, and nothing is accepted after it. No clock: the caller times resends.
/// </summary>
internal sealed class StatusUpdateManager(TimeSpan initialBackoff, TimeSpan maxBackoff)
{
    private readonly Dictionary<StreamKey, Stream> _streams = [];

    public int StreamCount => _streams.Count;

    /// <summary>Queues an update (already carrying its uuid); true when it became the head, to be sent now.</summary>
    public bool Enqueue(FrameworkID frameworkId, TaskStatus status)
    {
        var key = StreamKey.Of(frameworkId, status.TaskId);
        if (!_streams.TryGetValue(key, out var stream)) _streams[key] = stream = new Stream(frameworkId, new Backoff(initialBackoff, maxBackoff));
        if (stream.Ended) return false;
        stream.Pending.Enqueue(status);
        if (TaskStates.IsTerminal(status.State)) stream.Ended = true;
        return stream.Pending.Count == 1;
    }

    /// <summary>The update in flight on that stream, if any.</summary>
    public PendingUpdate? Head(StreamKey key) =>
        _streams.TryGetValue(key, out var stream) && stream.Pending.TryPeek(out var head) ? new PendingUpdate(key, stream.FrameworkId, head) : null;

    /// <summary>Every update in flight: what to send again after a reconnection.</summary>
    public IEnumerable<PendingUpdate> Heads() =>
        _streams.Where(s => s.Value.Pending.Count > 0).Select(s => new PendingUpdate(s.Key, s.Value.FrameworkId, s.Value.Pending.Peek())).ToList();

    /// <summary>How long to wait for the acknowledgement of the head that is being sent now; the next wait is twice as long, up to the cap.</summary>
    public TimeSpan NextTimeout(StreamKey key) => _streams[key].Backoff.Next();

    /// <summary>Restarts every stream's backoff, as when a master is found again.</summary>
    public void ResetBackoff()
    {
        foreach (var stream in _streams.Values) stream.Backoff.Reset();
    }

    /// <summary>Applies an acknowledgement: only one for the head counts; the head then leaves its stream.</summary>
    public Acknowledgement Acknowledge(FrameworkID frameworkId, TaskID taskId, ByteString uuid)
    {
        var key = StreamKey.Of(frameworkId, taskId);
        if (!_streams.TryGetValue(key, out var stream) || !stream.Pending.TryPeek(out var head) || head.Uuid != uuid)
        {
            return new Acknowledgement(key, AcknowledgementOutcome.Ignored, null);
        }
        stream.Pending.Dequeue();
        stream.Backoff.Reset();
        if (stream.Pending.TryPeek(out var next)) return new Acknowledgement(key, AcknowledgementOutcome.NextInFlight, new PendingUpdate(key, frameworkId, next));
        if (stream.Ended)
        {
            _streams.Remove(key);
            return new Acknowledgement(key, AcknowledgementOutcome.StreamEnded, null);
        }
        return new Acknowledgement(key, AcknowledgementOutcome.Drained, null);
    }

    private sealed class Stream(FrameworkID frameworkId, Backoff backoff)
    {
        public FrameworkID FrameworkId { get; } = frameworkId;
        public Queue<TaskStatus> Pending { get; } = new();
        public Backoff Backoff { get; } = backoff;

        /// <summary>A terminal update was queued: it is the last one.</summary>
        public bool Ended { get; set; }
    }
}

/// <summary>One task's stream: tasks are unique within a framework.</summary>
internal readonly record struct StreamKey(string FrameworkId, string TaskId)
{
    public static StreamKey Of(FrameworkID frameworkId, TaskID taskId) => new(frameworkId.Value, taskId.Value);
}

internal sealed record PendingUpdate(StreamKey Key, FrameworkID FrameworkId, TaskStatus Status);

internal enum AcknowledgementOutcome
{
    /// <summary>Not for the update in flight (unknown, stale or duplicate): nothing changes.</summary>
    Ignored,

    /// <summary>The next update of the stream is now in flight.</summary>
    NextInFlight,

    /// <summary>The stream waits for its next update.</summary>
    Drained,

    /// <summary>The terminal update was acknowledged: the stream is gone.</summary>
    StreamEnded,
}

internal sealed record Acknowledgement(StreamKey Key, AcknowledgementOutcome Outcome, PendingUpdate? Next);
