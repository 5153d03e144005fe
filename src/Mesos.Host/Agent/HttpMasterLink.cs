using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using Mesos.Actors.Agent;
using Mesos.Actors.Protocol;
using Mesos.Actors.Protocol.RecordIO;
using Akka.Actor;
using Mesos.Host.Http;
using Mesos.Internal;
using Microsoft.Extensions.Logging;

namespace Mesos.Host.Agent;

/// <summary>
/// The agent's link to its master over HTTP (docs/AGENT-PROTOCOL.md): it finds the leading master by
/// asking the masters it was given where /master/redirect points, keeps the SUBSCRIBE stream open while
/// the agent wants it, and posts every other call with the stream's id. When the stream breaks (the
/// leader died, or lost its leadership) it tells the agent and looks for the leader again.
/// </summary>
internal sealed class HttpMasterLink : IMasterLink, IAsyncDisposable
{
    // A master asked where the leader is while none is elected answers the moment one is (LeaderWait at
    // most); the link asks again soon after a master that could not be reached or named no leader that answers.
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan LeaderWait = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan SubscribeTimeout = TimeSpan.FromSeconds(30);
    private const int MaxEventBytes = 64 << 20;

    private readonly IReadOnlyList<string> _masters;
    private readonly HttpClient _streams;
    private readonly HttpClient _calls;
    private readonly ILogger _log;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _lock = new();
    private IActorRef? _agent;
    private Task? _connecting;
    private string? _master;
    private string? _streamId;
    private int _subscriptions;
    private Task? _subscribing;
    private string? _subscribingTo;
    private TaskCompletionSource _lost = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Calls queue for a few connections (the event stream holds one) instead of opening one each: a burst
    // of status updates would otherwise open as many sockets to the master. Connections probe the master,
    // so that one cut away by the network is left within seconds, not after missed pings.
    public HttpMasterLink(IReadOnlyList<string> masters, ILogger log)
    {
        _masters = masters;
        _log = log;
        _calls = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, MaxConnectionsPerServer = 8, ConnectCallback = KeepAliveConnections.Connect })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _streams = _calls;
    }

    /// <summary>
    /// A link whose event stream holds a connection of <paramref name="streams"/> and whose other requests take
    /// connections of <paramref name="calls"/>; many links may share both (simulated agents do, so that ten
    /// thousand agents hold ten thousand streams and a bounded pool for their calls). It disposes of neither.
    /// </summary>
    public HttpMasterLink(IReadOnlyList<string> masters, ILogger log, HttpMessageHandler streams, HttpMessageHandler calls)
    {
        _masters = masters;
        _log = log;
        _streams = new HttpClient(streams, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
        _calls = new HttpClient(calls, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public void Attach(IActorRef agent)
    {
        lock (_lock)
        {
            _agent = agent;
            if (_master is { } master && _streamId is not null) agent.Tell(new MasterConnected(master), ActorRefs.NoSender);
            // Nothing awaits the loop while the link runs: a failure that ended it would otherwise leave the agent without a master, silently.
            _connecting ??= Task.Run(ConnectLoop).ContinueWith(t =>
            {
                if (t.Exception is { } e) _log.LogError(e.GetBaseException(), "The link to the masters stopped looking for the leader; the agent stays without a master");
            }, TaskScheduler.Default);
        }
    }

    public async Task SendAsync(AgentCall call, CancellationToken cancellationToken = default)
    {
        var master = _master ?? throw new InvalidOperationException("No master is connected");
        if (call.Type == AgentCall.Types.Type.Subscribe)
        {
            Task subscribing;
            lock (_lock)
            {
                // One SUBSCRIBE at a time to a master: the agent retries on a backoff while an answer is slow, and a
                // second one would race the first to the master, which keeps the last it handles. One to a master
                // the link has left since is no reason to wait: the new master has not heard from the agent.
                if (_subscribing is not { IsCompleted: false } || _subscribingTo != master)
                {
                    _subscribing = OpenStream(master, call, cancellationToken);
                    _subscribingTo = master;
                }
                subscribing = _subscribing;
            }
            await subscribing;
            return;
        }
        using var request = Request(master, call);
        var streamId = _streamId;
        if (streamId is not null) request.Headers.Add("Mesos-Stream-Id", streamId);
        using var response = await Send(_calls, master, request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var message = await response.Content.ReadAsStringAsync(cancellationToken);
            // The master holds another subscription of this agent than the link's: nothing sent on this
            // stream would ever be taken, so the agent must subscribe again. Calls sent before an
            // earlier loss carry an older stream's id and say nothing of the current one.
            if (response.StatusCode == HttpStatusCode.Forbidden && streamId is not null && streamId == _streamId)
            {
                Lose(master, "The master does not know the agent's subscription: " + message);
            }
            throw new HttpRequestException($"Master refused {call.Type}: {(int)response.StatusCode} {message}");
        }
    }

    private static HttpRequestMessage Request(string master, AgentCall call)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"http://{master}{EndpointPaths.AgentApi}")
        {
            Content = new ByteArrayContent(call.ToByteArray()) { Headers = { ContentType = new MediaTypeHeaderValue(ProtocolCodec.ProtobufMediaType) } },
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(ProtocolCodec.ProtobufMediaType));
        return request;
    }

    private async Task OpenStream(string master, AgentCall subscribe, CancellationToken cancellationToken)
    {
        int subscription;
        lock (_lock) subscription = ++_subscriptions;
        HttpResponseMessage response;
        using (var request = Request(master, subscribe))
        using (var answered = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            // A master that never answers must not hold up every later attempt.
            answered.CancelAfter(SubscribeTimeout);
            response = await Send(_streams, master, request, HttpCompletionOption.ResponseHeadersRead, answered.Token);
        }
        if (response.StatusCode != HttpStatusCode.OK)
        {
            var message = await response.Content.ReadAsStringAsync(cancellationToken);
            response.Dispose();
            throw new HttpRequestException($"Master refused SUBSCRIBE: {(int)response.StatusCode} {message}");
        }
        // An attempt that timed out may still reach the master after a later one: the link keeps the
        // stream of its last SUBSCRIBE, never an older one, whose id the master would refuse.
        lock (_lock)
        {
            if (subscription != _subscriptions)
            {
                response.Dispose();
                return;
            }
            _streamId = response.Headers.TryGetValues("Mesos-Stream-Id", out var ids) ? ids.FirstOrDefault() : null;
        }
        _ = Task.Run(() => ReadEvents(master, response, subscription));
    }

    // A master that cannot be reached is lost: the link looks for one that can.
    private async Task<HttpResponseMessage> Send(HttpClient http, string master, HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        try
        {
            return await http.SendAsync(request, completion, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            Lose(master, "The master cannot be reached: " + e.Message);
            throw;
        }
    }

    private async Task ReadEvents(string master, HttpResponseMessage response, int subscription)
    {
        var reason = "The master closed the event stream";
        try
        {
            using (response)
            {
                var reader = new RecordIOReader(await response.Content.ReadAsStreamAsync(_stopping.Token), MaxEventBytes);
                await foreach (var record in reader.ReadAllAsync(_stopping.Token))
                {
                    // A stream the agent has subscribed past is the master's to close; its events are stale.
                    if (subscription != Volatile.Read(ref _subscriptions)) return;
                    _agent?.Tell(AgentEvent.Parser.ParseFrom(record), ActorRefs.NoSender);
                }
            }
        }
        catch (Exception e) when (e is HttpRequestException or IOException or RecordIOException or InvalidProtocolBufferException)
        {
            reason = "The event stream broke: " + e.Message;
        }
        catch (OperationCanceledException)
        {
            return;
        }
        // The master closes the stream of an earlier SUBSCRIBE when the agent subscribes again; the
        // master is not lost, and taking it for lost would make the agent subscribe again, and again.
        if (subscription != Volatile.Read(ref _subscriptions)) return;
        Lose(master, reason);
    }

    private void Lose(string master, string reason)
    {
        TaskCompletionSource lost;
        lock (_lock)
        {
            // A request that outlived the master it went to (a SUBSCRIBE answered late, a call that timed out)
            // says nothing of the master the link follows now.
            if (_master != master) return;
            _streamId = null;
            _master = null;
            lost = _lost;
        }
        _log.LogWarning("Lost the master {Master}: {Reason}", master, reason);
        _agent?.Tell(new MasterDisconnected(reason), ActorRefs.NoSender);
        lost.TrySetResult();
    }

    /// <summary>Finds the leading master, tells the agent, and waits until the connection is lost; then again.</summary>
    private async Task ConnectLoop()
    {
        // Jittered: every agent of a cluster loses the leader at once, and would otherwise ask the masters in step.
        var backoff = new Backoff(TimeSpan.FromMilliseconds(100), MaxBackoff, Random.Shared);
        var first = 0;
        while (!_stopping.IsCancellationRequested)
        {
            foreach (var candidate in _masters.Skip(first).Concat(_masters.Take(first)))
            {
                if (await LeaderAccordingTo(candidate) is not { } master) continue;
                TaskCompletionSource lost;
                lock (_lock)
                {
                    lost = _lost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    _master = master;
                }
                backoff.Reset();
                _log.LogInformation("Connected to master {Master}", master);
                _agent?.Tell(new MasterConnected(master), ActorRefs.NoSender);
                await lost.Task.WaitAsync(_stopping.Token).ContinueWith(_ => { }, TaskScheduler.Default);
                // The search starts after the master lost, which may be dead or cut away: asking it first would wait out its timeout.
                first = (IndexOf(master) + 1) % _masters.Count;
                break;
            }
            if (_master is null)
            {
                await Task.Delay(backoff.Next(), _stopping.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private int IndexOf(string master)
    {
        for (var i = 0; i < _masters.Count; i++)
        {
            if (string.Equals(_masters[i], master, StringComparison.OrdinalIgnoreCase)) return i;
        }
        return -1;
    }

    /// <summary>
    /// The leader, as <paramref name="master"/>'s /master/redirect names it: a master that leads names itself
    /// and has just answered; another it names must answer /health. Null while it knows of none or cannot be reached.
    /// </summary>
    /// <remarks>
    /// Every agent asks at once when the leader dies, and the new leader is often the master asked: a /health
    /// request of each agent to it would only add to the SUBSCRIBEs it is busy with.
    /// </remarks>
    private async Task<string?> LeaderAccordingTo(string master)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            timeout.CancelAfter(LeaderWait + TimeSpan.FromSeconds(5));
            // A master that knows of no leader answers as soon as one is elected (or after the wait).
            using var ask = new HttpRequestMessage(HttpMethod.Get, $"http://{master}/master/redirect") { Headers = { { "Prefer", $"wait={LeaderWait.TotalSeconds:0}" } } };
            using var redirect = await _calls.SendAsync(ask, timeout.Token);
            if (redirect.StatusCode != HttpStatusCode.TemporaryRedirect
                || !Mesos.Actors.Framework.MasterAddress.TryFromLocation(redirect.Headers.Location?.OriginalString, out var leader))
            {
                _log.LogDebug("Master {Master} names no leader ({Status})", master, (int)redirect.StatusCode);
                return null;
            }
            var address = leader.Value.ToString();
            if (string.Equals(address, master, StringComparison.OrdinalIgnoreCase)) return address;
            using var health = await _calls.GetAsync($"http://{address}/health", timeout.Token);
            if (!health.IsSuccessStatusCode) _log.LogDebug("The leader {Leader} that {Master} names is not healthy ({Status})", address, master, (int)health.StatusCode);
            return health.IsSuccessStatusCode ? address : null;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            _log.LogDebug("Asking {Master} where the leader is failed: {Reason}", master, e.Message);
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_connecting is not null) await _connecting;
        _calls.Dispose();
        if (_streams != _calls) _streams.Dispose();
        _stopping.Dispose();
    }
}
