using System.Net.Http.Headers;
using System.Threading.Channels;

namespace Mesos.Actors.Cluster;

/// <summary>
/// Sends Raft messages to peers as <c>POST {scheme}://{peer}/raft/messages</c> with a protobuf batch body. One queue
/// and one sender loop per peer: everything queued while a request is in flight goes in the next one (batching).
/// A failed or timed-out request loses its messages (Raft resends what matters) and the loop backs off before trying
/// again; the connection pool reconnects by itself.
/// </summary>
public sealed class HttpRaftTransport : IRaftTransport, IDisposable
{
    public const string MessagesPath = "/raft/messages";

    private readonly HttpRaftTransportOptions _options;
    private readonly TimeProvider _time;
    private readonly HttpClient _client;
    private readonly Dictionary<string, Channel<RaftMessage>> _queues = [];
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _senders = [];

    public HttpRaftTransport(HttpRaftTransportOptions? options = null, TimeProvider? time = null)
    {
        _options = options ?? new HttpRaftTransportOptions();
        _time = time ?? TimeProvider.System;
        _client = new HttpClient(new SocketsHttpHandler
        {
            ConnectTimeout = _options.ConnectTimeout,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            UseProxy = false,
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public void Send(RaftMessage message) => QueueFor(message.To).Writer.TryWrite(message);

    public void Dispose()
    {
        _stopping.Cancel();
        lock (_lock)
        {
            foreach (var queue in _queues.Values) queue.Writer.TryComplete();
        }
        try
        {
            Task.WaitAll(_senders.ToArray(), TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The loops end by cancellation; nothing is left to report.
        }
        _client.Dispose();
        _stopping.Dispose();
    }

    private Channel<RaftMessage> QueueFor(string peer)
    {
        lock (_lock)
        {
            if (_queues.TryGetValue(peer, out var queue)) return queue;
            queue = Channel.CreateBounded<RaftMessage>(new BoundedChannelOptions(_options.QueueCapacity)
            {
                FullMode = BoundedChannelFullMode.DropWrite,
                SingleReader = true,
            });
            _queues[peer] = queue;
            if (!_stopping.IsCancellationRequested) _senders.Add(Task.Run(() => SendLoop(peer, queue.Reader)));
            return queue;
        }
    }

    private async Task SendLoop(string peer, ChannelReader<RaftMessage> reader)
    {
        var uri = new Uri($"{_options.Scheme}://{peer}{MessagesPath}");
        var batch = new List<RaftMessage>(_options.MaxBatch);
        var backoff = _options.MinBackoff;
        try
        {
            while (await reader.WaitToReadAsync(_stopping.Token).ConfigureAwait(false))
            {
                batch.Clear();
                while (batch.Count < _options.MaxBatch && reader.TryRead(out var message)) batch.Add(message);
                if (await TryPost(uri, batch).ConfigureAwait(false))
                {
                    backoff = _options.MinBackoff;
                    continue;
                }
                await Task.Delay(backoff, _time, _stopping.Token).ConfigureAwait(false);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.MaxBackoff.Ticks));
                // What queued up while the peer was unreachable is stale; heartbeats and retries replace it.
                while (reader.TryRead(out _))
                {
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
    }

    private async Task<bool> TryPost(Uri uri, List<RaftMessage> batch)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        timeout.CancelAfter(_options.RequestTimeout);
        try
        {
            using var content = new ByteArrayContent(RaftWireCodec.Encode(batch));
            content.Headers.ContentType = new MediaTypeHeaderValue(RaftWireCodec.ContentType);
            using var response = await _client.PostAsync(uri, content, timeout.Token).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!_stopping.IsCancellationRequested)
        {
            return false;
        }
    }
}
