namespace Mesos.Actors.Runtime;

public class ActorException : Exception
{
    public ActorException(string message) : base(message) { }
    public ActorException(string message, Exception? inner) : base(message, inner) { }
}

/// <summary>The actor's constructor or PreStart failed; the default strategy stops it.</summary>
public sealed class ActorInitializationException(IActorRef? actor, string message, Exception? inner)
    : ActorException(message, inner)
{
    public IActorRef? Actor { get; } = actor;
}

/// <summary>Thrown inside an actor that received <see cref="Kill"/>.</summary>
public sealed class ActorKilledException(string message) : ActorException(message);

/// <summary>A watched actor stopped and the watcher did not handle <see cref="Terminated"/>.</summary>
public sealed class DeathPactException(IActorRef deadActor)
    : ActorException($"Monitored actor [{deadActor}] terminated")
{
    public IActorRef DeadActor { get; } = deadActor;
}

public sealed class InvalidActorNameException(string message) : ActorException(message);

/// <summary>An Ask got no reply within its timeout.</summary>
public sealed class AskTimeoutException(string message) : TimeoutException(message);
