namespace Mesos.Actors.Runtime;

/// <summary>The top of the hierarchy: parent of /user and /system. The system ends when it stops.</summary>
internal sealed class RootGuardian : ActorBase
{
    protected override void PreStart() => Context.Watch(Context.Child(ActorSystem.UserGuardianName));

    protected override bool Receive(object message)
    {
        switch (message)
        {
            case TerminateSystem:
                // User actors stop first, while system actors (logging, for instance) still run.
                Context.Stop(Context.Child(ActorSystem.UserGuardianName));
                return true;
            case Terminated { ActorRef.Path.Name: ActorSystem.UserGuardianName }:
                Context.Stop(Self);
                return true;
            default:
                return false;
        }
    }

    // A failing guardian cannot be restarted into a consistent state: stop it, which ends the system.
    protected override SupervisorStrategy SupervisorStrategy() => Runtime.SupervisorStrategy.StoppingStrategy;
}

internal sealed record TerminateSystem;

/// <summary>The parent of top-level actors (/user) and of the runtime's own (/system).</summary>
internal sealed class GuardianActor : ActorBase
{
    protected override bool Receive(object message) => false;
}

/// <summary>Stands above the root guardian: learns when the root has stopped.</summary>
internal sealed class RootParentRef(ActorSystem system, ActorPath path) : InternalActorRef
{
    public override ActorPath Path { get; } = path;
    public override long Uid => 0;
    public override bool IsTerminated => false;

    public override void Tell(object message, IActorRef? sender) => system.DeadLetters.Tell(message, sender);

    public override void SendSystemMessage(SystemMessage message)
    {
        switch (message)
        {
            case Failed failed:
                failed.Child.SendSystemMessage(Terminate.Instance);
                break;
            case DeathWatchNotification:
                system.OnRootTerminated();
                break;
        }
    }
}
