using System.Threading.Channels;
using Akka.Actor;
using Mesos.V1;
using Mesos.V1.Scheduler;

namespace Mesos.Actors.Master.Frameworks;

/// <summary>
/// One framework's connection: its event stream, heartbeats while connected, and the failover
/// timeout while it is not. The master decides; the session delivers and keeps time.
/// </summary>
internal sealed class FrameworkSession : ReceiveActor, IWithTimers
{
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(15);

    private readonly FrameworkID _id;
    private readonly TimeSpan _failoverTimeout;
    private string? _streamId;
    private ChannelWriter<Event>? _events;

    public static Props Props(FrameworkID id, TimeSpan failoverTimeout) => Producer<FrameworkSession>.Props(() => new FrameworkSession(id, failoverTimeout));

    public FrameworkSession(FrameworkID id, TimeSpan failoverTimeout)
    {
        _id = id;
        _failoverTimeout = failoverTimeout;
        Receive<Attach>(OnAttach);
        Receive<Deliver>(d => Write(d.Event));
        Receive<StreamClosed>(c => c.StreamId == _streamId, _ => Detach(startFailover: true));
        Receive<Close>(c =>
        {
            if (c.Error is { } message) Write(Error(message));
            Detach(startFailover: false);
            Context.Stop(Self);
        });
        Receive<AwaitFailover>(a => Timers.StartSingleTimer(FailoverTick.Instance, FailoverTick.Instance, a.Within));
        Receive<HeartbeatTick>(_ => Heartbeat());
        Receive<FailoverTick>(_ => Context.Parent.Tell(new FailoverTimedOut(_id), Self));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    private void OnAttach(Attach attach)
    {
        // A framework that subscribes again (failover) takes over; the old connection learns why it ends.
        if (_events is not null) Write(Error("Framework failed over"));
        _events?.TryComplete();
        _streamId = attach.StreamId;
        _events = attach.Events;
        Timers.Cancel(FailoverTick.Instance);
        Write(attach.Subscribed);
        // As Mesos' master: the first heartbeat follows SUBSCRIBED at once, so a client knows the stream is alive
        // before anything else happens, then one every interval.
        Heartbeat();
        Timers.StartPeriodicTimer(HeartbeatTick.Instance, HeartbeatTick.Instance, HeartbeatInterval);
    }

    private void Heartbeat()
    {
        Write(new Event { Type = Event.Types.Type.Heartbeat });
        Context.Parent.Tell(new HeartbeatSent(_id), Self);
    }

    private void Detach(bool startFailover)
    {
        _events?.TryComplete();
        _events = null;
        _streamId = null;
        Timers.Cancel(HeartbeatTick.Instance);
        if (startFailover) Timers.StartSingleTimer(FailoverTick.Instance, FailoverTick.Instance, _failoverTimeout);
    }

    /// <summary>
    /// A stream whose reader is gone (the HTTP side completes the writer when its connection ends, even one that ended
    /// while the subscription was on its way) takes no event: the master hears that the stream closed, as from the HTTP side.
    /// </summary>
    private void Write(Event e)
    {
        if (_events is null || _events.TryWrite(e) || _streamId is null) return;
        _events = null;
        Context.Parent.Tell(new FrameworkStreamClosed(_id, _streamId), Self);
    }

    private static Event Error(string message) =>
        new() { Type = Event.Types.Type.Error, Error = new Event.Types.Error { Message = message } };

    protected override void PostStop() => _events?.TryComplete();

    /// <summary>A new event stream; <paramref name="Subscribed"/> is its first event.</summary>
    public sealed record Attach(string StreamId, ChannelWriter<Event> Events, Event Subscribed);

    public sealed record Deliver(Event Event);

    public sealed record StreamClosed(string StreamId);

    /// <summary>Tells the master a heartbeat went out, which it counts among the framework's events.</summary>
    public sealed record HeartbeatSent(FrameworkID FrameworkId);

    /// <summary>
    /// A framework the master recovered from its registry, not yet subscribed to this master: its failover
    /// timeout runs out <paramref name="Within"/>: what was left of it when the registry last saw its
    /// scheduler disconnect, or all of it from now if its scheduler was connected when the last master stopped.
    /// </summary>
    public sealed record AwaitFailover(TimeSpan Within);

    /// <summary>Ends the stream (teardown), after an ERROR event when <paramref name="Error"/> is given, and the session.</summary>
    public sealed record Close(string? Error);

    private sealed record HeartbeatTick
    {
        public static HeartbeatTick Instance { get; } = new();
    }

    private sealed record FailoverTick
    {
        public static FailoverTick Instance { get; } = new();
    }
}

/// <summary>The framework stayed disconnected for its whole failover timeout.</summary>
internal sealed record FailoverTimedOut(FrameworkID FrameworkId);
