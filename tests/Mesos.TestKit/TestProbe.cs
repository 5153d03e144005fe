using System.Collections.Concurrent;
using Akka.Actor;
using Xunit.Sdk;

namespace Mesos.TestKit;

/// <summary>
/// An actor the test drives by hand, as in Akka.TestKit: it records what it is told, and the test
/// expects messages from it, replies, and watches other actors through it.
/// </summary>
public sealed class TestProbe
{
    private readonly BlockingCollection<ReceivedMessage> _queue = new();
    private readonly TestKit _kit;
    private ReceivedMessage? _last;

    internal TestProbe(TestKit kit, string name)
    {
        _kit = kit;
        Ref = kit.Sys.SystemActorOf(Props.Create(() => new TestActor(_queue)), name);
    }

    public IActorRef Ref { get; }

    /// <summary>The sender of the last message received; dead letters before the first.</summary>
    public IActorRef LastSender => _last?.Sender ?? _kit.Sys.DeadLetters;

    public object? LastMessage => _last?.Message;

    /// <summary>Tells <paramref name="message"/> to <paramref name="target"/> with this probe as the sender.</summary>
    public void Send(IActorRef target, object message) => target.Tell(message, Ref);

    /// <summary>Answers the sender of the last message.</summary>
    public void Reply(object message) => LastSender.Tell(message, Ref);

    /// <summary>Passes the last message on to <paramref name="target"/>, keeping its original sender.</summary>
    public void Forward(IActorRef target) =>
        target.Tell(_last?.Message ?? throw new XunitException("Nothing received yet to forward."), LastSender);

    public IActorRef Watch(IActorRef target)
    {
        Ref.Tell(new TestActor.WatchRequest(target), null);
        return target;
    }

    public IActorRef Unwatch(IActorRef target)
    {
        Ref.Tell(new TestActor.UnwatchRequest(target), null);
        return target;
    }

    public T ExpectMsg<T>(TimeSpan? timeout = null) => ExpectMsg<T>(static _ => true, timeout);

    public T ExpectMsg<T>(T expected, TimeSpan? timeout = null) =>
        ExpectMsg<T>(m => EqualityComparer<T>.Default.Equals(m, expected), timeout, $"equal to {expected}");

    public T ExpectMsg<T>(Predicate<T> predicate, TimeSpan? timeout = null) =>
        ExpectMsg(predicate, timeout, "matching the predicate");

    private T ExpectMsg<T>(Predicate<T> predicate, TimeSpan? timeout, string what)
    {
        var received = Receive(timeout) ?? throw Fail($"Timeout while waiting for a message of type {typeof(T).Name} {what}");
        if (received.Message is T typed && predicate(typed)) return typed;
        throw Fail($"Expected a message of type {typeof(T).Name} {what}, but got {received.Message.GetType().Name}: {received.Message}");
    }

    /// <summary>Fails if any message arrives within <paramref name="duration"/> (until idle, when deterministic).</summary>
    public void ExpectNoMsg(TimeSpan? duration = null)
    {
        var received = Receive(duration ?? _kit.Options.DefaultNoMessageWait);
        if (received is not null) throw Fail($"Expected no message, but got {received.Message.GetType().Name}: {received.Message}");
    }

    /// <summary>Expects the <see cref="Terminated"/> of <paramref name="target"/>, which must be watched.</summary>
    public Terminated ExpectTerminated(IActorRef target, TimeSpan? timeout = null) =>
        ExpectMsg<Terminated>(t => t.ActorRef.Equals(target), timeout, $"for {target.Path}");

    /// <summary>Skips messages until one satisfies <paramref name="isTheOne"/>, and returns it.</summary>
    public object FishForMessage(Predicate<object> isTheOne, TimeSpan? timeout = null)
    {
        var end = _kit.Deadline(timeout);
        while (true)
        {
            var received = Receive(_kit.Until(end)) ?? throw Fail("Timeout while fishing for a message");
            if (isTheOne(received.Message)) return received.Message;
        }
    }

    public T FishForMessage<T>(Predicate<T> isTheOne, TimeSpan? timeout = null) =>
        (T)FishForMessage(m => m is T typed && isTheOne(typed), timeout);

    /// <summary>Receives exactly <paramref name="count"/> messages, in order.</summary>
    public IReadOnlyList<object> ReceiveN(int count, TimeSpan? timeout = null)
    {
        var end = _kit.Deadline(timeout);
        var messages = new List<object>(count);
        while (messages.Count < count)
        {
            var received = Receive(_kit.Until(end)) ?? throw Fail($"Timeout after {messages.Count} of {count} messages");
            messages.Add(received.Message);
        }
        return messages;
    }

    private ReceivedMessage? Receive(TimeSpan? timeout)
    {
        ReceivedMessage? received;
        if (_kit.Dispatcher is { } dispatcher)
        {
            dispatcher.RunUntil(() => _queue.Count > 0);
            _queue.TryTake(out received);
        }
        else
        {
            _queue.TryTake(out received, _kit.RemainingOrDefault(timeout));
        }
        if (received is not null) _last = received;
        return received;
    }

    private XunitException Fail(string message) => _kit.Fail(message);
}
