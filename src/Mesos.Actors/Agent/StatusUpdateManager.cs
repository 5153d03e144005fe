using Mesos.Actors.Protocol;
using Google.Protobuf;
using Mesos.Internal.Checkpoints;
using Mesos.V1;
using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.Actors.Agent;

/// <summary>
/// Reliable, ordered delivery of task status updates, as Mesos' status update manager: each task has a
/// stream of updates of which only the head is in flight; the head is resent, with a backoff that doubles
/// up to a cap, until its acknowledgement (by uuid) arrives; then the next one goes. A terminal update
/// ends its stream once acknowledged, and nothing is accepted after it. An update whose uuid the stream took
/// before (an executor resending what it was not told the agent holds) is a duplicate, and is not queued again.
/// No clock: the caller times resends.
/// </summary>
internal sealed class StatusUpdateManager(TimeSpan initialBackoff, TimeSpan maxBackoff)
{
    private readonly Dictionary<StreamKey, Stream> _streams = [];

    public int StreamCount => _streams.Count;

    /// <summary>
    /// Queues an update (already carrying its uuid); true when it became the head, to be sent now. A stream whose
    /// <paramref name="checkpoint"/> is set is checkpointed there (its first update names it).
    /// </summary>
    public bool Enqueue(FrameworkID frameworkId, TaskStatus status, string? checkpoint = null)
    {
        var stream = StreamOf(frameworkId, status.TaskId, checkpoint);
        if (stream.Ended || !stream.Received.Add(status.Uuid)) return false;
        stream.Pending.Enqueue(status);
        if (TaskStates.IsTerminal(status.State)) stream.Ended = true;
        return stream.Pending.Count == 1;
    }

    /// <summary>
    /// Takes back a stream as an earlier run of the agent checkpointed it: its updates not acknowledged are in
    /// flight again, to be sent once the agent is subscribed; a terminal one among them ends the stream as before.
    /// </summary>
    public void Recover(FrameworkID frameworkId, TaskID taskId, TaskUpdates updates, string checkpoint)
    {
        var stream = StreamOf(frameworkId, taskId, checkpoint);
        stream.Acknowledged = updates.Acknowledged;
        foreach (var status in updates.Pending) stream.Pending.Enqueue(status);
        stream.Received.UnionWith(Received(updates));
        stream.Ended = updates.Pending.Any(s => TaskStates.IsTerminal(s.State))
            || (updates.Acknowledged is { } acknowledged && TaskStates.IsTerminal(acknowledged.State));
    }

    /// <summary>Where the stream of <paramref name="key"/> is checkpointed, and what to write there now; null when it is not checkpointed.</summary>
    public (string Path, TaskUpdates Updates)? Checkpoint(StreamKey key) => _streams.TryGetValue(key, out var stream) ? Checkpoint(stream) : null;

    /// <summary>The uuids of every update a checkpointed stream took, those it still holds included.</summary>
    public static IEnumerable<ByteString> Received(TaskUpdates updates) =>
        updates.Received.Concat(updates.Pending.Select(s => s.Uuid)).Concat(updates.Acknowledged is { } acknowledged ? [acknowledged.Uuid] : []);

    private Stream StreamOf(FrameworkID frameworkId, TaskID taskId, string? checkpoint)
    {
        var key = StreamKey.Of(frameworkId, taskId);
        if (!_streams.TryGetValue(key, out var stream)) _streams[key] = stream = new Stream(frameworkId, new Backoff(initialBackoff, maxBackoff), checkpoint);
        return stream;
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
        stream.Acknowledged = stream.Pending.Dequeue();
        stream.Backoff.Reset();
        if (stream.Pending.TryPeek(out var next)) return new Acknowledgement(key, AcknowledgementOutcome.NextInFlight, new PendingUpdate(key, frameworkId, next));
        if (stream.Ended)
        {
            _streams.Remove(key);
            return new Acknowledgement(key, AcknowledgementOutcome.StreamEnded, null, Checkpoint(stream));
        }
        return new Acknowledgement(key, AcknowledgementOutcome.Drained, null);
    }

    private static (string, TaskUpdates)? Checkpoint(Stream stream)
    {
        if (stream.Checkpoint is not { } path) return null;
        var updates = new TaskUpdates { Pending = { stream.Pending }, Received = { stream.Received } };
        if (stream.Acknowledged is { } acknowledged) updates.Acknowledged = acknowledged;
        return (path, updates);
    }

    private sealed class Stream(FrameworkID frameworkId, Backoff backoff, string? checkpoint)
    {
        public FrameworkID FrameworkId { get; } = frameworkId;
        public Queue<TaskStatus> Pending { get; } = new();
        public Backoff Backoff { get; } = backoff;

        /// <summary>Where the stream is checkpointed, relative to the meta directory; null when its framework does not checkpoint.</summary>
        public string? Checkpoint { get; } = checkpoint;

        /// <summary>The uuid of every update the stream took.</summary>
        public HashSet<ByteString> Received { get; } = [];

        /// <summary>The last update its framework acknowledged.</summary>
        public TaskStatus? Acknowledged { get; set; }

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

/// <param name="EndedCheckpoint">For a checkpointed stream that ended, what its checkpoint says last; it is gone from the manager.</param>
internal sealed record Acknowledgement(StreamKey Key, AcknowledgementOutcome Outcome, PendingUpdate? Next, (string Path, TaskUpdates Updates)? EndedCheckpoint = null);
