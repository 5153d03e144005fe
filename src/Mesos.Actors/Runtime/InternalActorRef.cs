namespace Mesos.Actors.Runtime;

/// <summary>The runtime's side of every ref: system messages and liveness.</summary>
internal abstract class InternalActorRef : IActorRef
{
    public abstract ActorPath Path { get; }

    /// <summary>Distinguishes incarnations that share a path.</summary>
    public abstract long Uid { get; }

    public abstract bool IsTerminated { get; }

    public abstract void Tell(object message, IActorRef? sender);

    public abstract void SendSystemMessage(SystemMessage message);

    public bool Equals(IActorRef? other) =>
        other is InternalActorRef r && r.Uid == Uid && r.Path.Equals(Path);

    public override bool Equals(object? obj) => obj is IActorRef other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Path, Uid);

    public override string ToString() => Uid == 0 ? Path.ToString() : $"{Path}#{Uid}";
}
