namespace Mesos.Actors.Runtime;

public static class AskExtensions
{
    /// <summary>
    /// Sends a message and returns a task for the reply. Fails with <see cref="AskTimeoutException"/>
    /// after <paramref name="timeout"/> (the system's ask-timeout when null), with the cause of a
    /// <see cref="Status.Failure"/> reply, or cancelled by <paramref name="cancellationToken"/>.
    /// </summary>
    public static Task<T> Ask<T>(this IActorRef target, object message, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var system = ActorSystem.Of(target);
        var promise = new PromiseActorRef<T>(system.NextTempPath());
        promise.Start(system.TimeProvider, timeout ?? system.Settings.AskTimeout, target, message, cancellationToken);
        target.Tell(message, promise);
        return promise.Task;
    }

    public static Task<object> Ask(this IActorRef target, object message, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        target.Ask<object>(message, timeout, cancellationToken);
}
