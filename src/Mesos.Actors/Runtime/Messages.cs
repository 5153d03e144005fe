namespace Mesos.Actors.Runtime;

/// <summary>Marker for messages the runtime handles before the actor's behaviour sees them.</summary>
internal interface IAutoReceivedMessage;

/// <summary>Messages that do not reset the receive timeout.</summary>
public interface INotInfluenceReceiveTimeout;

/// <summary>Stops the actor once it reaches the head of the mailbox (messages before it are processed).</summary>
public sealed class PoisonPill : IAutoReceivedMessage
{
    public static PoisonPill Instance { get; } = new();
    private PoisonPill() { }
    public override string ToString() => "<PoisonPill>";
}

/// <summary>Makes the actor fail with <see cref="ActorKilledException"/>; the supervisor decides (Stop by default).</summary>
public sealed class Kill : IAutoReceivedMessage
{
    public static Kill Instance { get; } = new();
    private Kill() { }
    public override string ToString() => "<Kill>";
}

/// <summary>Sent to a watcher when a watched actor has stopped.</summary>
/// <param name="ExistenceConfirmed">False when the actor was already gone (or never existed) when it was watched.</param>
public sealed record Terminated(IActorRef ActorRef, bool ExistenceConfirmed);

/// <summary>Delivered when no message arrived within the time set by <c>Context.SetReceiveTimeout</c>.</summary>
public sealed class ReceiveTimeout : INotInfluenceReceiveTimeout
{
    public static ReceiveTimeout Instance { get; } = new();
    private ReceiveTimeout() { }
    public override string ToString() => "<ReceiveTimeout>";
}

/// <summary>Asks an actor for its ref; every actor answers with <see cref="ActorIdentity"/>.</summary>
public sealed record Identify(object? MessageId) : IAutoReceivedMessage;

public sealed record ActorIdentity(object? MessageId, IActorRef? Subject);

/// <summary>Outcome messages, as in Akka: <see cref="PipeToExtensions"/> turns a failed task into <see cref="Failure"/>.</summary>
public static class Status
{
    public sealed record Success(object? Status);

    public sealed record Failure(Exception Cause);
}

/// <summary>A message that could not be delivered, published on the event stream.</summary>
public sealed record DeadLetter(object Message, IActorRef Sender, IActorRef Recipient);

/// <summary>A message no behaviour of the recipient handled, published on the event stream.</summary>
public sealed record UnhandledMessage(object Message, IActorRef Sender, IActorRef Recipient);
