namespace Mesos.Host.Tests;

/// <summary>
/// Waits for what a real process does on its own time (a file written, a process gone, an endpoint's answer): the
/// condition is checked on a timer until it holds, and a deadline turns a condition that never holds into a failure.
/// </summary>
internal static class Condition
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    public static Task Until(Func<bool> condition, TimeSpan deadline) => Until(() => Task.FromResult(condition()), deadline);

    /// <exception cref="TimeoutException">The condition did not hold within <paramref name="deadline"/>.</exception>
    public static async Task Until(Func<Task<bool>> condition, TimeSpan deadline)
    {
        using var timeout = new CancellationTokenSource(deadline);
        using var poll = new PeriodicTimer(Interval);
        try
        {
            while (!await condition()) await poll.WaitForNextTickAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"Not reached within {deadline}");
        }
    }
}
