using System.Text;
using Mesos.Host.Marathon.Apps;
using Mesos.Host.Marathon.Events;
using Microsoft.AspNetCore.Http;

namespace Mesos.Host.Marathon.Api;

/// <summary>/v2/events: Marathon's events as server-sent events, filtered by `event_type` when given.</summary>
internal static class EventStream
{
    // A comment line now and then keeps proxies from closing a quiet stream, and finds a client that is gone.
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public static async Task Serve(HttpContext c, MarathonEventBus bus)
    {
        var types = c.Request.Query["event_type"].Select(t => t!).ToHashSet(StringComparer.Ordinal);
        using var subscription = bus.Subscribe();
        c.Response.StatusCode = StatusCodes.Status200OK;
        c.Response.ContentType = "text/event-stream";
        c.Response.Headers.CacheControl = "no-cache";
        var cancel = c.RequestAborted;
        // The headers go at once (a flush sends them), before any event passes the filter: a client waits for them before it acts.
        await c.Response.Body.FlushAsync(cancel);
        await Write(c, new MarathonEventMessage("event_stream_attached",
            $"{{\"eventType\":\"event_stream_attached\",\"timestamp\":\"{AppVersions.Format(DateTimeOffset.UtcNow)}\",\"remoteAddress\":\"{c.Connection.RemoteIpAddress}\"}}"), types);
        try
        {
            while (!cancel.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancel);
                wait.CancelAfter(KeepAlive);
                try
                {
                    if (!await subscription.Events.WaitToReadAsync(wait.Token)) return;
                }
                catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
                {
                    await c.Response.WriteAsync(":\n\n", cancel);
                    await c.Response.Body.FlushAsync(cancel);
                    continue;
                }
                while (subscription.Events.TryRead(out var message)) await Write(c, message, types);
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            // The client went away.
        }
    }

    private static async Task Write(HttpContext c, MarathonEventMessage message, HashSet<string> types)
    {
        if (types.Count > 0 && !types.Contains(message.Type)) return;
        await c.Response.Body.WriteAsync(Encoding.UTF8.GetBytes($"event: {message.Type}\ndata: {message.Json}\n\n"), c.RequestAborted);
        await c.Response.Body.FlushAsync(c.RequestAborted);
    }
}
