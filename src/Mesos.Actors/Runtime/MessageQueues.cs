using System.Collections.Concurrent;

namespace Mesos.Actors.Runtime;

/// <summary>
/// The user-message queue of a mailbox: many producers, one consumer (the actor). ConcurrentQueue is
/// a ring of segments, so once warm, enqueueing a struct envelope allocates nothing. A bounded queue
/// refuses messages beyond its capacity; the mailbox sends them to dead letters.
/// </summary>
internal sealed class MessageQueue(int capacity)
{
    private readonly ConcurrentQueue<Envelope> _queue = new();
    private int _count;

    public static MessageQueue Create(MailboxSettings settings) => new(settings.Bounded ? settings.Capacity : 0);

    private bool IsBounded => capacity > 0;

    public bool TryEnqueue(in Envelope envelope)
    {
        if (IsBounded && Interlocked.Increment(ref _count) > capacity)
        {
            Interlocked.Decrement(ref _count);
            return false;
        }
        _queue.Enqueue(envelope);
        return true;
    }

    public bool TryDequeue(out Envelope envelope)
    {
        if (!_queue.TryDequeue(out envelope)) return false;
        if (IsBounded) Interlocked.Decrement(ref _count);
        return true;
    }

    public bool HasMessages => !_queue.IsEmpty;

    public int Count => _queue.Count;
}
