using System.Collections.Concurrent;

namespace Mesos.Actors.Runtime;

/// <summary>
/// An actor's two queues and its turn on the dispatcher. System messages always go first, and are
/// checked again after every user message, so that a Terminate or Suspend overtakes queued work.
/// At most one thread runs a mailbox at a time (the Scheduled bit), which is what makes an actor
/// single-threaded.
/// </summary>
internal sealed class Mailbox : IThreadPoolWorkItem, IRunnable
{
    private const int ScheduledBit = 1;
    private const int ClosedBit = 2;

    private readonly ConcurrentQueue<SystemMessage> _system = new();
    private readonly MessageQueue _queue;
    // Unstashed messages go before the queue; only the owning actor's thread touches this.
    private readonly Stack<Envelope> _front = new();
    private readonly MessageDispatcher _dispatcher;
    private ActorCell _cell = null!;
    private int _status;
    private int _suspendCount;
    // Cheaper to read on every user message than ConcurrentQueue.IsEmpty.
    private int _systemCount;

    public Mailbox(MessageQueue queue, MessageDispatcher dispatcher)
    {
        _queue = queue;
        _dispatcher = dispatcher;
    }

    public void Attach(ActorCell cell) => _cell = cell;

    public bool IsClosed => (Volatile.Read(ref _status) & ClosedBit) != 0;

    public bool IsSuspended => Volatile.Read(ref _suspendCount) > 0;

    public int Count => _queue.Count + _front.Count;

    public void Post(in Envelope envelope)
    {
        if (!_queue.TryEnqueue(envelope))
        {
            _cell.System.DeadLetterRef.Publish(ToDeadLetter(envelope));
            return;
        }
        if (IsClosed) DrainQueueToDeadLetters();
        else TrySchedule(hasUserHint: true);
    }

    public void PostSystem(SystemMessage message)
    {
        _system.Enqueue(message);
        Interlocked.Increment(ref _systemCount);
        if (IsClosed) DrainSystemMessages();
        else TrySchedule(hasUserHint: false);
    }

    /// <summary>Puts messages back at the head of the queue, in the order given.</summary>
    public void Prepend(IReadOnlyList<Envelope> envelopes)
    {
        for (var i = envelopes.Count - 1; i >= 0; i--) _front.Push(envelopes[i]);
    }

    public void SuspendUserMessages() => _suspendCount++;

    public void ResumeUserMessages()
    {
        if (_suspendCount > 0) _suspendCount--;
    }

    /// <summary>Called by the owning actor as it terminates.</summary>
    public void Close()
    {
        Interlocked.Or(ref _status, ClosedBit);
        var deadLetters = _cell.System.DeadLetterRef;
        while (_front.TryPop(out var envelope)) deadLetters.Publish(ToDeadLetter(envelope));
        DrainQueueToDeadLetters();
        DrainSystemMessages();
    }

    void IThreadPoolWorkItem.Execute() => Run();

    public void Run()
    {
        var previous = ActorCell.Current;
        ActorCell.Current = _cell;
        try
        {
            if (!IsClosed)
            {
                ProcessSystemMessages();
                ProcessUserMessages();
            }
        }
        finally
        {
            ActorCell.Current = previous;
            Interlocked.And(ref _status, ~ScheduledBit);
        }
        TrySchedule(hasUserHint: false);
    }

    private void ProcessSystemMessages()
    {
        while (!IsClosed && TryDequeueSystem(out var message)) _cell.SystemInvoke(message);
    }

    private void ProcessUserMessages()
    {
        var left = _dispatcher.Throughput;
        while (_suspendCount == 0 && !IsClosed && TryDequeue(out var envelope))
        {
            _cell.Invoke(envelope);
            if (Volatile.Read(ref _systemCount) != 0) ProcessSystemMessages();
            if (--left == 0) break;
        }
    }

    private bool TryDequeue(out Envelope envelope) =>
        _front.Count != 0 ? _front.TryPop(out envelope) : _queue.TryDequeue(out envelope);

    private bool TryDequeueSystem(out SystemMessage message)
    {
        if (!_system.TryDequeue(out message!)) return false;
        Interlocked.Decrement(ref _systemCount);
        return true;
    }

    private void TrySchedule(bool hasUserHint)
    {
        while (true)
        {
            var status = Volatile.Read(ref _status);
            if ((status & (ScheduledBit | ClosedBit)) != 0) return;
            var hasWork = Volatile.Read(ref _systemCount) != 0 ||
                          (Volatile.Read(ref _suspendCount) == 0 && (hasUserHint || _front.Count > 0 || _queue.HasMessages));
            if (!hasWork) return;
            if (Interlocked.CompareExchange(ref _status, status | ScheduledBit, status) == status)
            {
                _dispatcher.Schedule(this);
                return;
            }
        }
    }

    // Any thread may drain the concurrent queue; the front stack belongs to the owner (see Close).
    private void DrainQueueToDeadLetters()
    {
        var deadLetters = _cell.System.DeadLetterRef;
        while (_queue.TryDequeue(out var envelope)) deadLetters.Publish(ToDeadLetter(envelope));
    }

    private DeadLetter ToDeadLetter(in Envelope envelope) =>
        new(envelope.Message, envelope.Sender ?? _cell.System.DeadLetters, _cell.Self);

    private void DrainSystemMessages()
    {
        while (TryDequeueSystem(out var message)) DeadActors.AnswerSystemMessage(_cell.Self, message);
    }

    public override string ToString() => $"Mailbox({_cell.Self.Path})";
}
