using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using Mesos.Actors.Protocol;
using Mesos.Actors.Protocol.Json;
using Mesos.V1.Scheduler;

namespace Mesos.Actors.Framework;

/// <summary>
/// The HTTP side of a scheduler: opens the SUBSCRIBE stream on the leading master (following its
/// redirects) and posts calls with the stream's id. It keeps no state between requests, so the
/// actor above it owns every decision.
/// </summary>
internal sealed class SchedulerConnection : IDisposable
{
    // A follower points at the leader, which answers; more hops than this is a redirect loop.
    private const int MaxRedirects = 5;

    private readonly HttpClient _http;
    private readonly BodyFormat _format;
    private readonly TimeSpan _callTimeout;
    // Calls still in flight when the framework stops are abandoned, not timed out.
    private readonly CancellationTokenSource _closed = new();

    public SchedulerConnection(BodyFormat format, TimeSpan connectTimeout, TimeSpan callTimeout)
    {
        _format = format;
        _callTimeout = callTimeout;
        // Calls queue for a few connections instead of opening one each: a framework that acknowledges
        // thousands of updates at once would otherwise open thousands of sockets to its master.
        // The event stream's connection probes the master, so that a master cut away by the network is left within seconds.
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            ConnectTimeout = connectTimeout,
            MaxConnectionsPerServer = 8,
            ConnectCallback = KeepAliveConnections.Connect,
        };
        // The subscription lives for as long as the framework does; calls carry their own timeout.
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    private string MediaType => _format == BodyFormat.Json ? ProtocolCodec.JsonMediaType : ProtocolCodec.ProtobufMediaType;

    /// <summary>Subscribes at <paramref name="master"/> or the leader it redirects to.</summary>
    /// <exception cref="SchedulerCallException">The master refused the subscription (4xx), or has no leader (503).</exception>
    /// <exception cref="HttpRequestException">The master could not be reached.</exception>
    public async Task<SchedulerStream> Subscribe(MasterAddress master, Call subscribe, CancellationToken cancellationToken)
    {
        var target = master;
        for (var hop = 0; ; hop++)
        {
            using var request = Request(target, subscribe, streamId: null);
            var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                try
                {
                    return await Open(target, response, cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    response.Dispose();
                    throw;
                }
            }
            using (response)
            {
                if (IsRedirect(response.StatusCode) && hop < MaxRedirects
                    && MasterAddress.TryFromLocation(response.Headers.Location?.OriginalString, out var leader))
                {
                    target = leader.Value;
                    continue;
                }
                throw await Refusal("SUBSCRIBE", response, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Posts a call to the master that holds the stream.</summary>
    /// <exception cref="SchedulerCallException">The master refused the call.</exception>
    /// <exception cref="HttpRequestException">The master could not be reached.</exception>
    /// <exception cref="TimeoutException">The master did not answer in time.</exception>
    /// <exception cref="OperationCanceledException">The connection was closed before the master answered.</exception>
    public async Task Send(SchedulerStream stream, Call call, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closed.Token);
        timeout.CancelAfter(_callTimeout);
        using var request = Request(stream.Leader, call, stream.StreamId);
        try
        {
            using var response = await _http.SendAsync(request, timeout.Token).ConfigureAwait(false);
            if (response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK) return;
            throw await Refusal(SchedulerCalls.NameOf(call.Type), response, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && !_closed.IsCancellationRequested)
        {
            throw new TimeoutException($"The master at {stream.Leader} did not answer a {call.Type} call within {_callTimeout.TotalSeconds}s");
        }
    }

    public void Dispose()
    {
        _closed.Cancel();
        _http.Dispose();
        _closed.Dispose();
    }

    private HttpRequestMessage Request(MasterAddress master, Call call, string? streamId)
    {
        var body = _format == BodyFormat.Json ? MesosJson.SerializeToUtf8Bytes(call) : call.ToByteArray();
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(MediaType);
        var request = new HttpRequestMessage(HttpMethod.Post, master.SchedulerEndpoint) { Content = content };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(MediaType));
        if (streamId is not null) request.Headers.Add("Mesos-Stream-Id", streamId);
        return request;
    }

    private static async Task<SchedulerStream> Open(MasterAddress master, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.Headers.TryGetValues("Mesos-Stream-Id", out var ids) || ids.FirstOrDefault() is not { Length: > 0 } streamId)
        {
            throw new HttpRequestException($"The master at {master} answered SUBSCRIBE without a Mesos-Stream-Id");
        }
        BodyFormat format;
        try
        {
            // The events come in the format the master chose, whatever we asked for.
            format = ProtocolCodec.ContentFormat(response.Content.Headers.ContentType?.ToString());
        }
        catch (UnsupportedMediaTypeException e)
        {
            throw new HttpRequestException($"The master at {master} streams events in a format we do not read: {e.Message}", e);
        }
        ulong? epoch = response.Headers.TryGetValues(MasterEpochHeader.Name, out var epochs)
            && ulong.TryParse(epochs.FirstOrDefault(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) ? number : null;
        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return new SchedulerStream(master, streamId, epoch, format, response, body);
    }

    private static bool IsRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect or HttpStatusCode.Found or HttpStatusCode.MovedPermanently;

    private static async Task<SchedulerCallException> Refusal(string callType, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = (await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)).Trim();
        return new SchedulerCallException(callType, response.StatusCode, text.Length > 0 ? text : response.ReasonPhrase ?? "no reason given");
    }
}
