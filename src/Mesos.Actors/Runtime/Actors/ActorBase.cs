namespace Mesos.Actors.Runtime;

/// <summary>
/// The base of every actor, as in Akka.NET. An actor is created only by the runtime (through
/// <see cref="Props"/>), which is what lets its constructor reach <see cref="Context"/>.
/// </summary>
public abstract class ActorBase
{
    private readonly ActorCell _cell;

    protected ActorBase()
    {
        _cell = ActorCell.Current is { } cell && cell.TakeCreationSlot()
            ? cell
            : throw new ActorInitializationException(null, $"{GetType().Name} must be created through ActorOf(Props), not with 'new'.", null);
    }

    internal ActorCell Cell => _cell;

    protected IActorContext Context => _cell;

    protected IActorRef Self => _cell.Self;

    protected IActorRef Sender => _cell.Sender;

    /// <summary>Handles a message; false means unhandled.</summary>
    protected abstract bool Receive(object message);

    /// <summary>Called for messages no behaviour handled: an unhandled <see cref="Terminated"/> is a death pact.</summary>
    protected virtual void Unhandled(object message) => _cell.Unhandled(message);

    // The runtime's entry points into the protected lifecycle.
    internal virtual Receive InitialBehavior() => Receive;
    internal void AroundUnhandled(object message) => Unhandled(message);
    internal void AroundPreStart() => PreStart();
    internal void AroundPostStop() => PostStop();
    internal void AroundPreRestart(Exception reason, object? message) => PreRestart(reason, message);
    internal void AroundPostRestart(Exception reason) => PostRestart(reason);
    internal SupervisorStrategy AroundSupervisorStrategy() => SupervisorStrategy();

    protected virtual void PreStart()
    {
    }

    protected virtual void PostStop()
    {
    }

    /// <summary>Before a restart, on the failed instance: by default stops the children and calls PostStop.</summary>
    protected virtual void PreRestart(Exception reason, object? message)
    {
        foreach (var child in _cell.Children) _cell.Stop(child);
        PostStop();
    }

    /// <summary>After a restart, on the new instance: by default calls PreStart.</summary>
    protected virtual void PostRestart(Exception reason) => PreStart();

    /// <summary>How this actor supervises its children: the Props' strategy, else the default.</summary>
    protected virtual SupervisorStrategy SupervisorStrategy() =>
        _cell.Props.SupervisorStrategy ?? Runtime.SupervisorStrategy.DefaultStrategy;

    protected void Become(Receive receive) => _cell.Become(receive);

    protected void BecomeStacked(Receive receive) => _cell.BecomeStacked(receive);

    protected void Unbecome() => _cell.Unbecome();

    protected void SetReceiveTimeout(TimeSpan? timeout) => _cell.SetReceiveTimeout(timeout);
}
