namespace Mesos.Actors.Runtime;

/// <summary>
/// The temporary sender behind an Ask: the first message told to it completes the task. A
/// <see cref="Status.Failure"/> fails the task with its cause.
/// </summary>
internal sealed class PromiseActorRef<T> : InternalActorRef
{
    private readonly TaskCompletionSource<T> _promise = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ActorPath _path;
    private ITimer? _timeout;
    private CancellationTokenRegistration _cancellation;

    public PromiseActorRef(ActorPath path) => _path = path;

    public Task<T> Task => _promise.Task;
    public override ActorPath Path => _path;
    public override long Uid => 0;
    public override bool IsTerminated => _promise.Task.IsCompleted;

    public void Start(TimeProvider time, TimeSpan timeout, IActorRef target, object message, CancellationToken cancellationToken)
    {
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            _timeout = time.CreateTimer(static state =>
            {
                var (self, text) = ((PromiseActorRef<T>, string))state!;
                self.Complete(p => p.TrySetException(new AskTimeoutException(text)));
            }, (this, $"Ask timed out on [{target.Path}] after [{timeout.TotalMilliseconds} ms]. Message of type [{message.GetType().FullName}]."), timeout, Timeout.InfiniteTimeSpan);
        }
        if (cancellationToken.CanBeCanceled)
        {
            _cancellation = cancellationToken.Register(static state =>
            {
                var (self, token) = ((PromiseActorRef<T>, CancellationToken))state!;
                self.Complete(p => p.TrySetCanceled(token));
            }, (this, cancellationToken));
        }
    }

    public override void Tell(object message, IActorRef? sender) => Complete(p =>
    {
        switch (message)
        {
            case Status.Failure failure:
                p.TrySetException(failure.Cause);
                break;
            case T reply:
                p.TrySetResult(reply);
                break;
            default:
                p.TrySetException(new InvalidCastException(
                    $"Ask expected a reply of type {typeof(T).FullName} but got {message.GetType().FullName}: {message}"));
                break;
        }
    });

    public override void SendSystemMessage(SystemMessage message) => DeadActors.AnswerSystemMessage(this, message);

    private void Complete(Action<TaskCompletionSource<T>> complete)
    {
        complete(_promise);
        _timeout?.Dispose();
        _cancellation.Dispose();
    }
}
