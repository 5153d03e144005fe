namespace Mesos.Benchmarks;

/// <summary>
/// The only message: one instance is reused so that the figures show what the transport allocates,
/// not what building messages costs.
/// </summary>
internal sealed class Ball
{
    public static readonly Ball Instance = new();

    private Ball()
    {
    }
}

/// <summary>
/// The ping side of a ping-pong, the same for every technology. Only the ping's own thread calls
/// <see cref="Returned"/>; <see cref="Begin"/> happens before the first ball is sent, and sending
/// publishes it to that thread.
/// </summary>
internal sealed class Rally
{
    private long _unserved;
    private long _unanswered;
    private TaskCompletionSource _done = new();

    /// <summary>Starts a rally of <paramref name="roundTrips"/>, of which the caller serves <paramref name="inFlight"/> at once.</summary>
    public Task Begin(long roundTrips, int inFlight)
    {
        _unserved = roundTrips - inFlight;
        _unanswered = roundTrips;
        _done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return _done.Task;
    }

    /// <summary>A ball came back; true when the ping should send it out again.</summary>
    public bool Returned()
    {
        if (--_unanswered == 0) _done.SetResult();
        if (_unserved == 0) return false;
        _unserved--;
        return true;
    }
}

/// <summary>Counts a one-way stream down on the consumer's thread and completes at zero.</summary>
internal sealed class Countdown
{
    private long _left;
    private TaskCompletionSource _done = new();

    public Task Begin(long messages)
    {
        _left = messages;
        _done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return _done.Task;
    }

    public void Signal()
    {
        if (--_left == 0) _done.SetResult();
    }
}
