namespace Mesos.Actors.Runtime;

/// <summary>
/// Messages between the runtime's cells. They travel in a queue of their own that overtakes user
/// messages, and they are processed even while the actor is suspended.
/// </summary>
internal abstract record SystemMessage;

internal sealed record Create : SystemMessage
{
    public static Create Instance { get; } = new();
}

internal sealed record Recreate(Exception Cause) : SystemMessage;

internal sealed record Suspend : SystemMessage
{
    public static Suspend Instance { get; } = new();
}

/// <param name="CausedByFailure">Set when a supervisor resumes a failed child; null when a suspension ends.</param>
internal sealed record Resume(Exception? CausedByFailure) : SystemMessage;

internal sealed record Terminate : SystemMessage
{
    public static Terminate Instance { get; } = new();
}

internal sealed record Watch(InternalActorRef Watchee, InternalActorRef Watcher) : SystemMessage;

internal sealed record Unwatch(InternalActorRef Watchee, InternalActorRef Watcher) : SystemMessage;

internal sealed record DeathWatchNotification(InternalActorRef Actor, bool ExistenceConfirmed) : SystemMessage;

/// <summary>A child reports its failure to its supervisor.</summary>
internal sealed record Failed(InternalActorRef Child, Exception Cause, long Uid) : SystemMessage;

/// <summary>The continuation of an async handler, run inside the actor (see ActorSynchronizationContext).</summary>
internal sealed record RunContinuation(SendOrPostCallback Callback, object? State, int Incarnation) : SystemMessage;

internal sealed record AsyncHandlerCompleted(Task Task, int Incarnation) : SystemMessage;
