using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Mesos.Host.Marathon.Events;

/// <summary>
/// Marathon's event bus: what the scheduler publishes (deployments, status updates, API changes) goes to every
/// /v2/events subscriber. Publishing never waits: a subscriber that falls behind by more than its buffer is dropped.
/// </summary>
public sealed class MarathonEventBus
{
    private const int Buffer = 4096;
    private readonly ConcurrentDictionary<Channel<MarathonEventMessage>, byte> _subscribers = new();

    public bool HasSubscribers => !_subscribers.IsEmpty;

    public Subscription Subscribe()
    {
        var channel = Channel.CreateBounded<MarathonEventMessage>(new BoundedChannelOptions(Buffer) { FullMode = BoundedChannelFullMode.Wait });
        _subscribers.TryAdd(channel, 0);
        return new Subscription(this, channel);
    }

    public void Publish(MarathonEventMessage message)
    {
        foreach (var subscriber in _subscribers.Keys)
        {
            if (!subscriber.Writer.TryWrite(message) && _subscribers.TryRemove(subscriber, out _)) subscriber.Writer.TryComplete();
        }
    }

    /// <summary>One subscriber's events, ended when it falls behind or is disposed.</summary>
    public sealed class Subscription(MarathonEventBus bus, Channel<MarathonEventMessage> channel) : IDisposable
    {
        public ChannelReader<MarathonEventMessage> Events => channel.Reader;

        public void Dispose()
        {
            bus._subscribers.TryRemove(channel, out _);
            channel.Writer.TryComplete();
        }
    }
}

/// <summary>One event as /v2/events sends it: its type (the SSE event name and eventType) and its JSON.</summary>
public sealed record MarathonEventMessage(string Type, string Json);
