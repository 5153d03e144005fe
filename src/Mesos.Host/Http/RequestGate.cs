using Microsoft.AspNetCore.Http;

namespace Mesos.Host.Http;

/// <summary>
/// Lets a process stop its actors only once the requests that ask them have been answered. Once closed, a new
/// request is answered 503 with Retry-After at once; <see cref="Close"/> completes when every request let in
/// before has started its answer (an event stream counts once it has sent its headers). Without it, a request
/// that reached an actor already stopped waited out the whole ask timeout, and held the web host's stop as long.
/// </summary>
internal sealed class RequestGate(string what)
{
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _pending;
    private int _closed;

    /// <summary>Lets no new request in, and waits up to <paramref name="within"/> for those let in to be answered.</summary>
    public Task Close(TimeSpan within)
    {
        // Interlocked on both sides: a request that counted itself before this sees the gate open and is waited for;
        // one that counts itself after sees it closed and is turned away.
        Interlocked.Exchange(ref _closed, 1);
        if (Volatile.Read(ref _pending) == 0) _drained.TrySetResult();
        return Task.WhenAny(_drained.Task, Task.Delay(within));
    }

    public RequestDelegate Middleware(RequestDelegate next) => async context =>
    {
        Interlocked.Increment(ref _pending);
        var left = 0;
        void Leave()
        {
            if (Interlocked.Exchange(ref left, 1) == 0 && Interlocked.Decrement(ref _pending) == 0 && Volatile.Read(ref _closed) == 1) _drained.TrySetResult();
        }
        try
        {
            if (Volatile.Read(ref _closed) == 1)
            {
                context.Response.Headers.RetryAfter = "1";
                await HttpAnswers.Text(context, StatusCodes.Status503ServiceUnavailable, $"{what} is stopping here; try again");
                return;
            }
            context.Response.OnStarting(() =>
            {
                Leave();
                return Task.CompletedTask;
            });
            await next(context);
        }
        finally
        {
            Leave();
        }
    };
}
