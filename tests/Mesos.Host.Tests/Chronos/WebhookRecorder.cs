using System.Net;
using System.Text.Json;

namespace Mesos.Host.Tests.Chronos;

/// <summary>A local HTTP endpoint that records every POST it gets (path and JSON body), for notifications.</summary>
internal sealed class WebhookRecorder : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly List<(string Path, JsonElement Body)> _posts = [];
    private readonly int _port = RunningMesos.FreePort();

    public WebhookRecorder()
    {
        _listener.Prefixes.Add($"http://127.0.0.1:{_port}/");
        _listener.Start();
        _ = Serve();
    }

    public string Url(string path) => $"http://127.0.0.1:{_port}{path}";

    /// <summary>The POSTs to <paramref name="path"/> so far.</summary>
    public IReadOnlyList<JsonElement> Posts(string path)
    {
        lock (_posts) return [.. _posts.Where(p => p.Path == path).Select(p => p.Body)];
    }

    /// <summary>Waits until the POSTs to <paramref name="path"/> satisfy <paramref name="condition"/>, and returns them.</summary>
    public async Task<IReadOnlyList<JsonElement>> WaitFor(string path, Func<IReadOnlyList<JsonElement>, bool> condition, TimeSpan patience)
    {
        using var deadline = new CancellationTokenSource(patience);
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (!condition(Posts(path)))
        {
            try
            {
                await poll.WaitForNextTickAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The POSTs to {path} are still: {string.Join(", ", Posts(path))}");
            }
        }
        return Posts(path);
    }

    private async Task Serve()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            using (var body = JsonDocument.Parse(context.Request.InputStream))
            {
                lock (_posts) _posts.Add((context.Request.Url!.AbsolutePath, body.RootElement.Clone()));
            }
            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }

    public void Dispose() => _listener.Close();
}
