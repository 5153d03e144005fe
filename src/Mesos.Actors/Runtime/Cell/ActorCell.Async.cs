namespace Mesos.Actors.Runtime;

/// <summary>
/// ReceiveAsync: while a handler's task runs, the mailbox takes no user messages; the code after each
/// await comes back as a system message and runs inside the actor, with the Sender of the message
/// that started it.
/// </summary>
internal sealed partial class ActorCell
{
    private ActorSynchronizationContext? _syncContext;
    private Task? _awaiting;
    private Envelope _asyncEnvelope;

    public void RunAsyncHandler(Func<Task> handler)
    {
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(_syncContext ??= new ActorSynchronizationContext(this));
        Task task;
        try
        {
            task = handler();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }

        if (task.IsCompleted)
        {
            task.GetAwaiter().GetResult();
            return;
        }

        _awaiting = task;
        _asyncEnvelope = _currentEnvelope;
        Mailbox.SuspendUserMessages();
        task.ContinueWith(
            static (t, state) =>
            {
                var (self, context) = ((LocalActorRef, ActorSynchronizationContext))state!;
                self.SendSystemMessage(new AsyncHandlerCompleted(t, context.Incarnation));
            },
            (Self, _syncContext),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private bool IsCurrentIncarnation(int incarnation) => _syncContext is { } c && c.Incarnation == incarnation && _awaiting is not null;

    private void RunContinuation(RunContinuation continuation)
    {
        if (!IsCurrentIncarnation(continuation.Incarnation)) return;
        _currentEnvelope = _asyncEnvelope;
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(_syncContext);
        try
        {
            continuation.Callback(continuation.State);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    private void HandleAsyncHandlerCompleted(AsyncHandlerCompleted completed)
    {
        if (!IsCurrentIncarnation(completed.Incarnation) || !ReferenceEquals(_awaiting, completed.Task)) return;
        _awaiting = null;
        Mailbox.ResumeUserMessages();
        _currentEnvelope = _asyncEnvelope;
        // Rethrows a fault so that supervision sees it as a failure of the message that started the task.
        completed.Task.GetAwaiter().GetResult();
    }

    /// <summary>A restart or stop abandons the handler: its later continuations are ignored.</summary>
    private void AbandonAsyncHandler()
    {
        if (_awaiting is not null)
        {
            _awaiting = null;
            Mailbox.ResumeUserMessages();
        }
        _syncContext = _syncContext is null ? null : new ActorSynchronizationContext(this, _syncContext.Incarnation + 1);
    }
}

/// <summary>Sends await continuations back into the actor's mailbox, for its current incarnation.</summary>
internal sealed class ActorSynchronizationContext(ActorCell cell, int incarnation = 0) : SynchronizationContext
{
    public int Incarnation { get; } = incarnation;

    public override void Post(SendOrPostCallback d, object? state) =>
        cell.Self.SendSystemMessage(new RunContinuation(d, state, Incarnation));

    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("An actor cannot run code synchronously from another thread.");

    public override SynchronizationContext CreateCopy() => this;
}
