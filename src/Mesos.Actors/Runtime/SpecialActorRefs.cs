namespace Mesos.Actors.Runtime;

/// <summary>Refs that stand for no actor.</summary>
public static class ActorRefs
{
    /// <summary>A ref that silently drops whatever it is told; watching it yields Terminated at once.</summary>
    public static IActorRef Nobody { get; } = new NobodyRef();

    /// <summary>"No sender": replies to it go to the system's dead letters.</summary>
    public static readonly IActorRef? NoSender = null;

    private sealed class NobodyRef : InternalActorRef
    {
        private static readonly ActorPath NobodyPath = ActorPath.Root("all-systems") / "Nobody";

        public override ActorPath Path => NobodyPath;
        public override long Uid => 0;
        public override bool IsTerminated => true;

        public override void Tell(object message, IActorRef? sender)
        {
        }

        public override void SendSystemMessage(SystemMessage message) => DeadActors.AnswerSystemMessage(this, message);
    }
}

/// <summary>How a ref without a living actor answers system messages: a watcher learns at once that it is gone.</summary>
internal static class DeadActors
{
    public static void AnswerSystemMessage(InternalActorRef dead, SystemMessage message)
    {
        if (message is Watch watch && !watch.Watcher.Equals(dead))
        {
            watch.Watcher.SendSystemMessage(new DeathWatchNotification(dead, ExistenceConfirmed: false));
        }
    }
}

/// <summary>
/// The system's dead letters: every message that cannot be delivered ends here, is published as
/// <see cref="DeadLetter"/> on the event stream and logged at a limited rate.
/// </summary>
internal sealed class DeadLetterActorRef(ActorSystem system, ActorPath path) : InternalActorRef
{
    public ActorSystem System { get; } = system;

    public override ActorPath Path { get; } = path;
    public override long Uid => 0;
    public override bool IsTerminated => true;

    public override void Tell(object message, IActorRef? sender)
    {
        switch (message)
        {
            case DeadLetter letter:
                Publish(letter);
                break;
            default:
                Publish(new DeadLetter(message, sender ?? this, this));
                break;
        }
    }

    public void Publish(DeadLetter letter)
    {
        // A dead letter about a dead letter would loop forever through a dead subscriber.
        if (letter.Message is DeadLetter) return;
        System.DeadLetterLog.Record(letter.Message, letter.Sender, letter.Recipient, "dead letter");
        System.EventStream.Publish(letter);
    }

    public override void SendSystemMessage(SystemMessage message) => DeadActors.AnswerSystemMessage(this, message);
}
