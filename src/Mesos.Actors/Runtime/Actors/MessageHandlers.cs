using System.Runtime.CompilerServices;

namespace Mesos.Actors.Runtime;

/// <summary>One Receive declaration of a <see cref="ReceiveActor"/>.</summary>
internal abstract class MessageHandler
{
    public abstract bool Accepts(Type messageType);

    /// <summary>Called only with messages this handler accepts; false when its predicate declines.</summary>
    public abstract bool TryHandle(object message);

    // The type was checked once per message type (Accepts), so the cast needs no check per message.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected static T Cast<T>(object message) =>
        typeof(T).IsValueType ? (T)message : Unsafe.As<object, T>(ref message);
}

internal abstract class MessageHandler<T> : MessageHandler
{
    public sealed override bool Accepts(Type messageType) => typeof(T).IsAssignableFrom(messageType);
}

internal sealed class ActionHandler<T>(Action<T> action, Predicate<T>? shouldHandle) : MessageHandler<T>
{
    public override bool TryHandle(object message)
    {
        var typed = Cast<T>(message);
        if (shouldHandle is not null && !shouldHandle(typed)) return false;
        action(typed);
        return true;
    }
}

internal sealed class FuncHandler<T>(Func<T, bool> handler) : MessageHandler<T>
{
    public override bool TryHandle(object message) => handler(Cast<T>(message));
}

internal sealed class AsyncHandler<T>(ActorCell cell, Func<T, Task> handler, Predicate<T>? shouldHandle) : MessageHandler<T>
{
    public override bool TryHandle(object message)
    {
        var typed = Cast<T>(message);
        if (shouldHandle is not null && !shouldHandle(typed)) return false;
        cell.RunAsyncHandler(() => handler(typed));
        return true;
    }
}

internal sealed class AnyHandler(Action<object> action) : MessageHandler
{
    public override bool Accepts(Type messageType) => true;

    public override bool TryHandle(object message)
    {
        action(message);
        return true;
    }
}

/// <summary>
/// A behaviour's handlers in declaration order. For each concrete message type it keeps the
/// handlers that can accept it, so dispatch is a type comparison and a call, not a type test per
/// handler; the last type seen is checked first, as actors mostly receive runs of one type.
/// </summary>
internal sealed class HandlerSet
{
    private readonly List<MessageHandler> _handlers = [];
    private readonly Dictionary<Type, MessageHandler[]> _byType = [];
    private Type? _lastType;
    private MessageHandler[] _lastCandidates = [];

    public void Add(MessageHandler handler)
    {
        _handlers.Add(handler);
        _byType.Clear();
        _lastType = null;
    }

    public bool Handle(object message)
    {
        var type = message.GetType();
        var candidates = ReferenceEquals(type, _lastType) ? _lastCandidates : Candidates(type);
        for (var i = 0; i < candidates.Length; i++)
        {
            if (candidates[i].TryHandle(message)) return true;
        }
        return false;
    }

    private MessageHandler[] Candidates(Type type)
    {
        if (!_byType.TryGetValue(type, out var candidates))
        {
            candidates = _handlers.Where(h => h.Accepts(type)).ToArray();
            _byType[type] = candidates;
        }
        _lastType = type;
        _lastCandidates = candidates;
        return candidates;
    }
}
