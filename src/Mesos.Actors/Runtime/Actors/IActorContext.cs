using Microsoft.Extensions.Logging;

namespace Mesos.Actors.Runtime;

/// <summary>A behaviour: returns false when it does not handle the message.</summary>
public delegate bool Receive(object message);

/// <summary>Creates actors: the system (top-level actors) and every actor's context (children).</summary>
public interface IActorRefFactory
{
    /// <summary>Creates an actor; a null name is generated (<c>$a</c>, <c>$b</c>, ...).</summary>
    /// <exception cref="InvalidActorNameException">The name is invalid or taken by a living sibling.</exception>
    IActorRef ActorOf(Props props, string? name = null);
}

/// <summary>What an actor sees of itself and its surroundings while it handles a message.</summary>
public interface IActorContext : IActorRefFactory
{
    IActorRef Self { get; }

    /// <summary>The sender of the current message; dead letters when it had none.</summary>
    IActorRef Sender { get; }

    IActorRef Parent { get; }

    ActorSystem System { get; }

    Props Props { get; }

    IReadOnlyCollection<IActorRef> Children { get; }

    /// <summary>The living child of that name, or <see cref="ActorRefs.Nobody"/>.</summary>
    IActorRef Child(string name);

    /// <summary>Stops an actor (usually Self or a child) after its current message; its children stop first.</summary>
    void Stop(IActorRef actor);

    /// <summary>Delivers <see cref="Terminated"/> when the subject stops, at once if it is already gone.</summary>
    IActorRef Watch(IActorRef subject);

    /// <summary>Like <see cref="Watch"/>, delivering <paramref name="message"/> instead of Terminated.</summary>
    IActorRef WatchWith(IActorRef subject, object message);

    /// <summary>Stops watching; no Terminated for the subject arrives after this, even one already queued.</summary>
    IActorRef Unwatch(IActorRef subject);

    /// <summary>Replaces the current behaviour.</summary>
    void Become(Receive receive);

    /// <summary>Pushes a behaviour; <see cref="Unbecome"/> returns to the one below.</summary>
    void BecomeStacked(Receive receive);

    void Unbecome();

    /// <summary>Delivers <see cref="ReceiveTimeout"/> after this long without messages; null turns it off.</summary>
    void SetReceiveTimeout(TimeSpan? timeout);

    TimeSpan? ReceiveTimeout { get; }

    /// <summary>A logger whose scope carries the actor's path.</summary>
    ILogger GetLogger();
}
