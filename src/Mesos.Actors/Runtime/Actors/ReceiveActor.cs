namespace Mesos.Actors.Runtime;

/// <summary>
/// An actor that declares its handlers by type, as in Akka.NET. Handlers are tried in the order they
/// were declared; the first that matches (type and predicate) handles the message.
/// </summary>
public abstract class ReceiveActor : ActorBase
{
    private readonly HandlerSet _handlers = new();
    private HandlerSet? _building;

    protected ReceiveActor()
    {
        _building = _handlers;
    }

    protected sealed override bool Receive(object message) => _handlers.Handle(message);

    // The cell calls the handler set directly, skipping the virtual Receive on every message.
    internal override Receive InitialBehavior()
    {
        _building = null;
        return _handlers.Handle;
    }

    protected void Receive<T>(Action<T> handler, Predicate<T>? shouldHandle = null) =>
        Add(new ActionHandler<T>(handler, shouldHandle));

    protected void Receive<T>(Predicate<T> shouldHandle, Action<T> handler) => Receive(handler, shouldHandle);

    /// <summary>A handler that decides itself whether it handled the message.</summary>
    protected void Receive<T>(Func<T, bool> handler) => Add(new FuncHandler<T>(handler));

    /// <summary>
    /// An async handler. The actor takes no other message until the task completes, and code after
    /// each await runs inside the actor again, with the same Sender.
    /// </summary>
    protected void ReceiveAsync<T>(Func<T, Task> handler, Predicate<T>? shouldHandle = null) =>
        Add(new AsyncHandler<T>(Cell, handler, shouldHandle));

    protected void ReceiveAsync<T>(Predicate<T> shouldHandle, Func<T, Task> handler) => ReceiveAsync(handler, shouldHandle);

    protected void ReceiveAny(Action<object> handler) => Add(new AnyHandler(handler));

    /// <summary>Replaces the handlers with those <paramref name="configure"/> declares.</summary>
    protected void Become(Action configure) => Become(Build(configure));

    /// <summary>Pushes the handlers <paramref name="configure"/> declares; Unbecome returns to the previous ones.</summary>
    protected void BecomeStacked(Action configure) => BecomeStacked(Build(configure));

    private Receive Build(Action configure)
    {
        var previous = _building;
        var handlers = new HandlerSet();
        _building = handlers;
        try
        {
            configure();
        }
        finally
        {
            _building = previous;
        }
        return handlers.Handle;
    }

    private void Add(MessageHandler handler)
    {
        if (_building is null)
        {
            throw new InvalidOperationException("Receive handlers can be declared only in the constructor or inside Become(() => ...).");
        }
        _building.Add(handler);
    }
}
