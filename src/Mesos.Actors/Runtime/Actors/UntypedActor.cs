namespace Mesos.Actors.Runtime;

/// <summary>An actor with one method for every message; call <see cref="ActorBase.Unhandled"/> for what it ignores.</summary>
public abstract class UntypedActor : ActorBase
{
    protected sealed override bool Receive(object message)
    {
        OnReceive(message);
        return true;
    }

    protected abstract void OnReceive(object message);
}
