using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Mesos.Host.Tests.Fuzz;

/// <summary>What came back for one input: the statuses answered (none when the server closed), the body, or a hang.</summary>
/// <param name="Refused">The HTTP layer refused the request and closed the connection (a request line or headers it cannot take).</param>
internal sealed record Outcome(IReadOnlyList<int> Statuses, string Body, bool Hung, string? Error, bool Refused = false)
{
    public override string ToString() =>
        Hung ? "no answer within the deadline" : Error is not null ? $"failed: {Error}" : $"{string.Join(", ", Statuses)}: {(Body.Length > 500 ? Body[..500] + "..." : Body)}";
}

/// <summary>
/// Sends inputs to a master and an agent over kept-alive connections, each within a deadline: an input
/// that gets no answer in time hung. Event streams are closed as soon as they start.
/// </summary>
internal sealed partial class FuzzClient(string masterUrl, string agentUrl) : IDisposable
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5), UseCookies = false, AllowAutoRedirect = false })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public HttpClient Http => _http;

    public string Url(Target target, string path) => (target == Target.Master ? masterUrl : agentUrl) + path;

    public Task<Outcome> Send(FuzzInput input) => input.Raw is null ? SendHttp(input) : SendRaw(input);

    private async Task<Outcome> SendHttp(FuzzInput input)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        // The path goes out as made, bad escapes and dot segments included.
        var uri = new Uri(Url(input.Target, input.Path), new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        using var request = new HttpRequestMessage(new HttpMethod(input.Method), uri);
        if (input.Body.Length > 0 || input.ContentType is not null)
        {
            request.Content = new ByteArrayContent(input.Body);
            if (input.ContentType is not null) request.Content.Headers.TryAddWithoutValidation("Content-Type", input.ContentType);
        }
        foreach (var (name, value) in input.Headers) request.Headers.TryAddWithoutValidation(name, value);
        // As a careful client sends a large body: the server may refuse it before it is sent, and then closes a
        // connection on which a body it will not read is still coming.
        if (input.Body.Length > 64 << 10) request.Headers.ExpectContinue = true;
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            var status = (int)response.StatusCode;
            if (IsStream(response)) return new Outcome([status], "(event stream)", false, null);
            var body = await ReadAtMost(await response.Content.ReadAsStreamAsync(deadline.Token), 1 << 20, deadline.Token);
            return new Outcome([status], body, false, null, response.Headers.ConnectionClose == true && response.Content.Headers.ContentType is null);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return new Outcome([], "", true, null);
        }
        catch (HttpRequestException e)
        {
            return new Outcome([], "", false, e.InnerException?.Message ?? e.Message);
        }
    }

    private static bool IsStream(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.OK && response.Headers.TransferEncodingChunked == true && response.Content.Headers.ContentLength is null
        && response.Content.Headers.ContentType?.MediaType is "application/json" or "application/x-protobuf"
        && response.RequestMessage?.Method == HttpMethod.Post;

    private static async Task<string> ReadAtMost(Stream body, int limit, CancellationToken cancel)
    {
        var buffer = new byte[limit];
        var read = await body.ReadAtLeastAsync(buffer, limit, throwOnEndOfStream: false, cancel);
        return Encoding.UTF8.GetString(buffer, 0, read);
    }

    /// <summary>Writes the bytes on a connection of their own, says it has sent all, and reads what comes back until the server closes.</summary>
    private async Task<Outcome> SendRaw(FuzzInput input)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var url = new Uri(Url(input.Target, "/"));
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(IPAddress.Loopback, url.Port, deadline.Token);
            try
            {
                await socket.SendAsync(input.Raw, deadline.Token);
                socket.Shutdown(SocketShutdown.Send);
            }
            catch (SocketException)
            {
                // The server may refuse the rest of what it has already judged; its answer is still read.
            }
            var received = new MemoryStream();
            var buffer = new byte[16 << 10];
            while (received.Length < 1 << 20)
            {
                int read;
                try
                {
                    read = await socket.ReceiveAsync(buffer, deadline.Token);
                }
                catch (SocketException)
                {
                    break;
                }
                if (read == 0) break;
                received.Write(buffer, 0, read);
            }
            var text = Encoding.Latin1.GetString(received.ToArray());
            var statuses = StatusLine().Matches(text).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
            return new Outcome(statuses, text, false, null);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return new Outcome([], "", true, null);
        }
    }

    [GeneratedRegex(@"HTTP/1\.[01] (\d{3})")]
    private static partial Regex StatusLine();

    public void Dispose() => _http.Dispose();
}
