using System.Net;
using System.Net.Sockets;
using Mesos.Actors.Framework;
using Mesos.Host.Http;
using Microsoft.AspNetCore.Http;

namespace Mesos.Host.Frameworks;

/// <summary>
/// Sends a request that reached a framework on a master that does not lead to the leader's framework, and its answer
/// back, as Marathon's instances that do not lead do: the body streams both ways (an event stream too), the status and
/// headers are the leader's, and the answer names the leader (<see cref="Headers.Leader"/>). A client that does not
/// follow redirects is served all the same. Each hop marks the request (<see cref="Headers.Via"/>), so that two
/// instances that each take the other for the leader answer 508 instead of passing it between them forever.
/// </summary>
/// <param name="stopping">Cancelled when the standby stops: a forwarded event stream ends then, so that the port is free for the framework that takes over.</param>
internal sealed class LeaderProxy(string self, LeaderProxy.Headers headers, CancellationToken stopping) : IDisposable
{
    /// <summary>The headers a framework's proxy speaks: Marathon's X-Marathon-Via and X-Marathon-Leader.</summary>
    public sealed record Headers(string Via, string Leader);

    /// <summary>Marathon's, which its clients and load balancers know.</summary>
    public static readonly Headers Marathon = new("X-Marathon-Via", "X-Marathon-Leader");

    // The leader answers at once unless it is gone; an event stream is open as long as its client listens.
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    // Hop-by-hop headers (RFC 9110, 7.6.1) concern one connection and are never forwarded; Host names the leader.
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authenticate", "Proxy-Authorization", "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Host",
    };

    private readonly HttpMessageInvoker _client = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        UseProxy = false,
        AutomaticDecompression = DecompressionMethods.None,
        ConnectTimeout = ConnectTimeout,
    });

    private string Hop => $"1.1 {self}";

    /// <summary>Forwards <paramref name="context"/>'s request to the framework at <paramref name="leader"/> and copies its answer back.</summary>
    public async Task Forward(HttpContext context, MasterAddress leader)
    {
        var request = context.Request;
        if (request.Headers[headers.Via].Any(v => v is not null && v.Split(',').Any(h => h.Trim() == Hop)))
        {
            await HttpAnswers.Text(context, StatusCodes.Status508LoopDetected, "Detected proxying loop.");
            return;
        }
        var target = $"http://{leader}{request.PathBase.Add(request.Path).ToUriComponent()}{request.QueryString.ToUriComponent()}";
        using var forward = new HttpRequestMessage(new HttpMethod(request.Method), target);
        if (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0) forward.Content = new StreamContent(request.Body);
        foreach (var (name, values) in request.Headers)
        {
            if (HopByHop.Contains(name)) continue;
            if (!forward.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values)) forward.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
        }
        forward.Headers.TryAddWithoutValidation(headers.Via, Hop);
        forward.Headers.TryAddWithoutValidation("X-Forwarded-For", context.Connection.RemoteIpAddress?.ToString());

        using var ends = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        HttpResponseMessage answer;
        try
        {
            answer = await _client.SendAsync(forward, ends.Token);
        }
        catch (HttpRequestException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
        {
            await HttpAnswers.Text(context, StatusCodes.Status502BadGateway, "Connection to leader refused.");
            return;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested)
        {
            context.Response.Headers.RetryAfter = "1";
            await HttpAnswers.Text(context, StatusCodes.Status503ServiceUnavailable, "This instance stops standing by; try again");
            return;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !context.RequestAborted.IsCancellationRequested)
        {
            await HttpAnswers.Text(context, StatusCodes.Status504GatewayTimeout, "Connection to leader timed out.");
            return;
        }
        using (answer)
        {
            await CopyBack(context, answer, leader, ends.Token);
        }
    }

    private async Task CopyBack(HttpContext context, HttpResponseMessage answer, MasterAddress leader, CancellationToken cancel)
    {
        var response = context.Response;
        response.StatusCode = (int)answer.StatusCode;
        foreach (var (name, values) in answer.Headers.Concat(answer.Content.Headers))
        {
            if (!HopByHop.Contains(name)) response.Headers[name] = values.ToArray();
        }
        response.Headers[headers.Leader] = $"http://{leader}";
        try
        {
            // The status and headers go on at once (a flush sends them): a client of an event stream waits for them before anything happens.
            await response.Body.FlushAsync(cancel);
            await using var body = await answer.Content.ReadAsStreamAsync(cancel);
            // Each piece goes on as it comes, so that an event stream's events reach the client when the leader sends them.
            var buffer = new byte[16 * 1024];
            int read;
            while ((read = await body.ReadAsync(buffer, cancel)) > 0)
            {
                await response.Body.WriteAsync(buffer.AsMemory(0, read), cancel);
                await response.Body.FlushAsync(cancel);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException)
        {
            // The client went away (an event stream's listener closing it), the leader did mid-answer, or this standby
            // stops: the connection ends, and a client of an event stream connects again.
            context.Abort();
        }
    }

    public void Dispose() => _client.Dispose();
}
