namespace Mesos.Actors.Runtime;

public static class PipeToExtensions
{
    /// <summary>
    /// Tells the task's result to <paramref name="recipient"/> when it completes; a failure (or
    /// cancellation) is told as <see cref="Status.Failure"/>. The usual way for an actor to get the
    /// outcome of async work back into its mailbox.
    /// </summary>
    public static Task PipeTo<T>(this Task<T> task, ICanTell recipient, IActorRef? sender = null,
        Func<T, object>? success = null, Func<Exception, object>? failure = null) =>
        task.ContinueWith(t =>
        {
            object message = t.Status == TaskStatus.RanToCompletion
                ? success is null ? t.Result! : success(t.Result)
                : Failure(t, failure);
            recipient.Tell(message, sender);
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    /// <summary>Tells <paramref name="success"/>'s message (or <see cref="Status.Success"/>) when a plain task completes.</summary>
    public static Task PipeTo(this Task task, ICanTell recipient, IActorRef? sender = null,
        Func<object>? success = null, Func<Exception, object>? failure = null) =>
        task.ContinueWith(t =>
        {
            var message = t.Status == TaskStatus.RanToCompletion
                ? success is null ? new Status.Success(null) : success()
                : Failure(t, failure);
            recipient.Tell(message, sender);
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    private static object Failure(Task task, Func<Exception, object>? failure)
    {
        Exception cause = task.IsCanceled
            ? new TaskCanceledException(task)
            : task.Exception!.InnerExceptions.Count == 1 ? task.Exception.InnerException! : task.Exception;
        return failure is null ? new Status.Failure(cause) : failure(cause);
    }
}
