namespace Mesos.Actors.Runtime;

/// <summary>
/// Timers owned by an actor, as in Akka.NET: keyed, replaced when started again under the same key,
/// cancelled when the actor restarts or stops, and never delivering a message after Cancel.
/// </summary>
public interface ITimerScheduler
{
    void StartSingleTimer(object key, object message, TimeSpan timeout);

    void StartPeriodicTimer(object key, object message, TimeSpan interval);

    void StartPeriodicTimer(object key, object message, TimeSpan initialDelay, TimeSpan interval);

    bool IsTimerActive(object key);

    void Cancel(object key);

    void CancelAll();
}

/// <summary>Implemented by actors that use timers; the runtime sets <see cref="Timers"/> right after the constructor, before PreStart.</summary>
public interface IWithTimers
{
    ITimerScheduler Timers { get; set; }
}
