namespace Mesos.Actors.Runtime;

/// <summary>
/// Publish/subscribe by type within a system: a subscriber to a type gets every published event
/// assignable to it. Dead letters and unhandled messages are published here.
/// </summary>
public sealed class EventStream
{
    private readonly Lock _lock = new();
    private Subscription[] _subscriptions = [];

    public bool Subscribe(IActorRef subscriber, Type channel)
    {
        lock (_lock)
        {
            if (_subscriptions.Any(s => s.Subscriber.Equals(subscriber) && s.Channel == channel)) return false;
            _subscriptions = [.. _subscriptions, new Subscription(subscriber, channel)];
            return true;
        }
    }

    public bool Unsubscribe(IActorRef subscriber, Type channel) => Remove(s => s.Subscriber.Equals(subscriber) && s.Channel == channel);

    public bool Unsubscribe(IActorRef subscriber) => Remove(s => s.Subscriber.Equals(subscriber));

    public void Publish(object @event)
    {
        ArgumentNullException.ThrowIfNull(@event);
        foreach (var subscription in Volatile.Read(ref _subscriptions))
        {
            if (!subscription.Channel.IsInstanceOfType(@event)) continue;
            // A stopped subscriber leaves on its own; telling it would only make more dead letters.
            if (subscription.Subscriber is InternalActorRef { IsTerminated: true } gone) Unsubscribe(gone);
            else subscription.Subscriber.Tell(@event, null);
        }
    }

    private bool Remove(Func<Subscription, bool> match)
    {
        lock (_lock)
        {
            var kept = _subscriptions.Where(s => !match(s)).ToArray();
            if (kept.Length == _subscriptions.Length) return false;
            _subscriptions = kept;
            return true;
        }
    }

    private sealed record Subscription(IActorRef Subscriber, Type Channel);
}
