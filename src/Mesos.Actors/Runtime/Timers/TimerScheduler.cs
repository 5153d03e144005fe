namespace Mesos.Actors.Runtime;

/// <summary>
/// Each start gets a new generation; a timer message whose generation is no longer current (cancelled,
/// replaced, or from before a restart) is dropped when it reaches the actor.
/// </summary>
internal sealed class TimerScheduler(ActorCell cell) : ITimerScheduler
{
    private readonly Dictionary<object, Entry> _timers = [];
    private long _generation;

    public void StartSingleTimer(object key, object message, TimeSpan timeout) =>
        Start(key, message, timeout, null);

    public void StartPeriodicTimer(object key, object message, TimeSpan interval) =>
        Start(key, message, interval, interval);

    public void StartPeriodicTimer(object key, object message, TimeSpan initialDelay, TimeSpan interval) =>
        Start(key, message, initialDelay, interval);

    public bool IsTimerActive(object key) => _timers.ContainsKey(key);

    public void Cancel(object key)
    {
        if (_timers.Remove(key, out var entry)) entry.Handle.Cancel();
    }

    public void CancelAll()
    {
        foreach (var entry in _timers.Values) entry.Handle.Cancel();
        _timers.Clear();
    }

    /// <summary>True when the message belongs to a live timer; a single timer is then done.</summary>
    public bool Accept(TimerMessage message)
    {
        if (!_timers.TryGetValue(message.Key, out var entry) || entry.Generation != message.Generation) return false;
        if (!entry.Periodic) _timers.Remove(message.Key);
        return true;
    }

    private void Start(object key, object message, TimeSpan delay, TimeSpan? interval)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(message);
        Cancel(key);
        var generation = ++_generation;
        var timerMessage = new TimerMessage(key, generation, message);
        var scheduler = cell.System.Scheduler;
        var handle = interval is { } every
            ? scheduler.ScheduleTellRepeatedly(delay, every, cell.Self, timerMessage, cell.Self)
            : scheduler.ScheduleTellOnce(delay, cell.Self, timerMessage, cell.Self);
        _timers[key] = new Entry(generation, interval is not null, handle);
    }

    private sealed record Entry(long Generation, bool Periodic, ICancelable Handle);
}

internal sealed record TimerMessage(object Key, long Generation, object Message) : IAutoReceivedMessage;
