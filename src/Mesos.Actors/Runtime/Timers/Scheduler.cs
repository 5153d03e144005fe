namespace Mesos.Actors.Runtime;

/// <summary>A scheduled action that can be called off.</summary>
public interface ICancelable
{
    void Cancel();
}

/// <summary>
/// Delivers messages later, on the system's <see cref="TimeProvider"/>: with a manual clock in tests,
/// nothing fires until the test advances time.
/// </summary>
public sealed class Scheduler(TimeProvider time)
{
    public ICancelable ScheduleTellOnce(TimeSpan delay, ICanTell receiver, object message, IActorRef? sender) =>
        Start(delay, Timeout.InfiniteTimeSpan, receiver, message, sender);

    public ICancelable ScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, ICanTell receiver, object message, IActorRef? sender)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        return Start(initialDelay, interval, receiver, message, sender);
    }

    private TimerCancelable Start(TimeSpan dueTime, TimeSpan period, ICanTell receiver, object message, IActorRef? sender)
    {
        var delivery = new Delivery(receiver, message, sender);
        return new TimerCancelable(time.CreateTimer(static state => ((Delivery)state!).Send(), delivery, Clamp(dueTime), period));
    }

    private static TimeSpan Clamp(TimeSpan delay) => delay < TimeSpan.Zero ? TimeSpan.Zero : delay;

    private sealed record Delivery(ICanTell Receiver, object Message, IActorRef? Sender)
    {
        public void Send() => Receiver.Tell(Message, Sender);
    }

    private sealed class TimerCancelable(ITimer timer) : ICancelable
    {
        public void Cancel() => timer.Dispose();
    }
}
