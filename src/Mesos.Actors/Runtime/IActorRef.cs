namespace Mesos.Actors.Runtime;

/// <summary>Anything a message can be told to.</summary>
public interface ICanTell
{
    /// <summary>Sends a message without waiting. A null sender means "no sender": replies go to dead letters.</summary>
    void Tell(object message, IActorRef? sender);
}

/// <summary>
/// A handle to an actor. Two refs are equal when they name the same incarnation: the same path and uid,
/// so a ref to a stopped actor never equals a ref to a new actor created under the same name.
/// </summary>
public interface IActorRef : ICanTell, IEquatable<IActorRef>
{
    ActorPath Path { get; }
}
