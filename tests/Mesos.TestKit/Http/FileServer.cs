using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Mesos.TestKit.Http;

/// <summary>
/// A real HTTP server on a loopback port (the platform's HttpListener) that serves the bytes a test put
/// at a path, answers 404 for anything else, and counts the requests for each path.
/// </summary>
public sealed class FileServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentDictionary<string, byte[]> _files = new();
    private readonly ConcurrentDictionary<string, int> _requests = new();

    public FileServer()
    {
        // HttpListener cannot listen on port 0: take a port the kernel just handed out and give it back.
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public int Port { get; }

    /// <summary>Serves <paramref name="content"/> at <paramref name="path"/> and returns its URL.</summary>
    public string Put(string path, byte[] content)
    {
        _files[path] = content;
        return Url(path);
    }

    /// <summary>Stops serving <paramref name="path"/>: from now on it answers 404.</summary>
    public void Remove(string path) => _files.TryRemove(path, out _);

    public string Url(string path) => $"http://127.0.0.1:{Port}{path}";

    /// <summary>How many requests for <paramref name="path"/> have been answered.</summary>
    public int Requests(string path) => _requests.GetValueOrDefault(path);

    public void Dispose() => _listener.Close();

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            var path = context.Request.Url!.AbsolutePath;
            // Counted before the answer, so that a client that has its answer sees its request counted.
            _requests.AddOrUpdate(path, 1, (_, n) => n + 1);
            using var response = context.Response;
            if (_files.TryGetValue(path, out var content))
            {
                response.ContentLength64 = content.Length;
                await response.OutputStream.WriteAsync(content);
            }
            else
            {
                response.StatusCode = 404;
            }
        }
    }
}
