namespace Mesos.Actors.Runtime;

/// <summary>The ref of an actor living in this process.</summary>
internal sealed class LocalActorRef(ActorCell cell, ActorPath path, long uid) : InternalActorRef
{
    public ActorCell Cell { get; } = cell;
    public override ActorPath Path { get; } = path;
    public override long Uid { get; } = uid;
    public override bool IsTerminated => Cell.IsTerminated;

    public override void Tell(object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(message);
        Cell.Mailbox.Post(new Envelope(message, sender));
    }

    public override void SendSystemMessage(SystemMessage message) => Cell.Mailbox.PostSystem(message);
}
