namespace Mesos.Actors.Runtime;

internal sealed partial class ActorCell
{
    private TimeSpan? _receiveTimeout;
    private long _lastActivity;
    private ICancelable? _receiveTimeoutTimer;
    private int _receiveTimeoutGeneration;

    public TimeSpan? ReceiveTimeout => _receiveTimeout;

    public void SetReceiveTimeout(TimeSpan? timeout)
    {
        _receiveTimeoutTimer?.Cancel();
        _receiveTimeoutTimer = null;
        _receiveTimeoutGeneration++;
        if (timeout is not { } t || t <= TimeSpan.Zero || t == Timeout.InfiniteTimeSpan)
        {
            _receiveTimeout = null;
            return;
        }
        _receiveTimeout = t;
        TouchReceiveTimeout();
        ScheduleReceiveTimeout(t);
    }

    // Recording the time is cheaper than rescheduling a timer on every message; the tick checks it.
    private void TouchReceiveTimeout() => _lastActivity = System.TimeProvider.GetTimestamp();

    private void ScheduleReceiveTimeout(TimeSpan delay) =>
        _receiveTimeoutTimer = System.Scheduler.ScheduleTellOnce(delay, Self, new ReceiveTimeoutTick(_receiveTimeoutGeneration), null);

    private void HandleReceiveTimeoutTick(ReceiveTimeoutTick tick)
    {
        if (tick.Generation != _receiveTimeoutGeneration || _receiveTimeout is not { } timeout) return;
        var idle = System.TimeProvider.GetElapsedTime(_lastActivity);
        if (idle < timeout)
        {
            ScheduleReceiveTimeout(timeout - idle);
            return;
        }
        TouchReceiveTimeout();
        ScheduleReceiveTimeout(timeout);
        ReceiveMessage(Runtime.ReceiveTimeout.Instance);
    }
}

internal sealed record ReceiveTimeoutTick(int Generation) : IAutoReceivedMessage, INotInfluenceReceiveTimeout;
