namespace Mesos.Actors.Runtime;

internal sealed partial class ActorCell
{
    // Whom this actor watches, with the message to deliver instead of Terminated (WatchWith), if any.
    private readonly Dictionary<InternalActorRef, object?> _watching = [];
    private readonly HashSet<InternalActorRef> _watchedBy = [];
    // Terminations already queued as messages; Unwatch removes them so that none arrives after it.
    private readonly HashSet<IActorRef> _queuedTerminations = [];

    public IActorRef Watch(IActorRef subject) => WatchCore(subject, null);

    public IActorRef WatchWith(IActorRef subject, object message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return WatchCore(subject, message);
    }

    private IActorRef WatchCore(IActorRef subject, object? message)
    {
        var target = (InternalActorRef)subject;
        if (target.Equals(Self)) return subject;
        if (_watching.TryAdd(target, message)) target.SendSystemMessage(new Watch(target, Self));
        else _watching[target] = message;
        return subject;
    }

    public IActorRef Unwatch(IActorRef subject)
    {
        var target = (InternalActorRef)subject;
        if (_watching.Remove(target)) target.SendSystemMessage(new Unwatch(target, Self));
        _queuedTerminations.Remove(target);
        return subject;
    }

    private void AddWatcher(Watch watch)
    {
        if (watch.Watchee.Equals(Self) && !watch.Watcher.Equals(Self)) _watchedBy.Add(watch.Watcher);
    }

    private void RemoveWatcher(Unwatch unwatch) => _watchedBy.Remove(unwatch.Watcher);

    private void HandleDeathWatchNotification(DeathWatchNotification notification)
    {
        var actor = notification.Actor;
        if (_watching.Remove(actor, out var custom) && !_isTerminating)
        {
            // Terminated travels as an ordinary message so that it keeps its place after earlier messages.
            _queuedTerminations.Add(actor);
            Self.Tell(new TerminatedDelivery(actor, custom ?? new Terminated(actor, notification.ExistenceConfirmed)), actor);
        }
        if (RemoveChild(actor)) HandleChildTerminated();
    }

    private void TellWatchersWeDied()
    {
        foreach (var watcher in _watchedBy)
        {
            // The parent is told once, below, whether or not it also watches.
            if (!watcher.Equals(_parent)) watcher.SendSystemMessage(new DeathWatchNotification(Self, ExistenceConfirmed: true));
        }
        _watchedBy.Clear();
    }

    private void UnwatchWatchedActors()
    {
        foreach (var watched in _watching.Keys) watched.SendSystemMessage(new Unwatch(watched, Self));
        _watching.Clear();
        _queuedTerminations.Clear();
    }
}

/// <summary>A queued Terminated (or the WatchWith message), delivered only if the actor still watches.</summary>
internal sealed record TerminatedDelivery(IActorRef Actor, object Message) : IAutoReceivedMessage;
