using System.Collections.Concurrent;

namespace Mesos.Actors.Runtime;

/// <summary>The user-message queue of a mailbox: many producers, one consumer (the actor).</summary>
internal abstract class MessageQueue
{
    public abstract bool TryEnqueue(in Envelope envelope);
    public abstract bool TryDequeue(out Envelope envelope);
    public abstract bool HasMessages { get; }
    public abstract int Count { get; }

    public static MessageQueue Create(MailboxSettings settings) =>
        settings.Bounded ? new BoundedMessageQueue(settings.Capacity) : new UnboundedMessageQueue();
}

/// <summary>
/// ConcurrentQueue is a ring of segments: once warm, enqueueing a struct envelope allocates nothing.
/// </summary>
internal sealed class UnboundedMessageQueue : MessageQueue
{
    private readonly ConcurrentQueue<Envelope> _queue = new();

    public override bool TryEnqueue(in Envelope envelope)
    {
        _queue.Enqueue(envelope);
        return true;
    }

    public override bool TryDequeue(out Envelope envelope) => _queue.TryDequeue(out envelope);
    public override bool HasMessages => !_queue.IsEmpty;
    public override int Count => _queue.Count;
}

/// <summary>Refuses messages beyond its capacity; the mailbox sends them to dead letters.</summary>
internal sealed class BoundedMessageQueue(int capacity) : MessageQueue
{
    private readonly ConcurrentQueue<Envelope> _queue = new();
    private int _count;

    public override bool TryEnqueue(in Envelope envelope)
    {
        if (Interlocked.Increment(ref _count) > capacity)
        {
            Interlocked.Decrement(ref _count);
            return false;
        }
        _queue.Enqueue(envelope);
        return true;
    }

    public override bool TryDequeue(out Envelope envelope)
    {
        if (!_queue.TryDequeue(out envelope)) return false;
        Interlocked.Decrement(ref _count);
        return true;
    }

    public override bool HasMessages => Volatile.Read(ref _count) > 0;
    public override int Count => Volatile.Read(ref _count);
}
