using System.Threading.Channels;
using Akka.Actor;
using Mesos.Internal;
using Mesos.V1;

namespace Mesos.Actors.Master.Agents;

/// <summary>
/// One agent's connection: its event stream and its health. The session pings every ping timeout;
/// a ping still unanswered when the next is due counts as missed, and after the maximum in a row
/// the master hears that the agent is unreachable. Every event it writes carries the master's epoch.
/// </summary>
internal sealed class AgentSession : ReceiveActor, IWithTimers
{
    private readonly AgentID _id;
    private readonly TimeSpan _pingTimeout;
    private readonly int _maxMissed;
    private readonly ulong _epoch;
    private string? _streamId;
    private ChannelWriter<AgentEvent>? _events;
    private ulong _sequence;
    private ulong? _awaitedPong;
    private int _missed;

    public AgentSession(AgentID id, TimeSpan pingTimeout, int maxMissed, ulong epoch)
    {
        _id = id;
        _pingTimeout = pingTimeout;
        _maxMissed = maxMissed;
        _epoch = epoch;
        Receive<Attach>(OnAttach);
        Receive<Deliver>(d => Write(d.Event));
        Receive<Pong>(OnPong);
        Receive<StreamClosed>(c => c.StreamId == _streamId, _ => Detach());
        Receive<PingTick>(_ => OnPingTick());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    private void OnAttach(Attach attach)
    {
        _events?.TryComplete();
        _streamId = attach.StreamId;
        _events = attach.Events;
        Write(attach.Subscribed);
        _missed = 0;
        _awaitedPong = null;
        Timers.StartPeriodicTimer(PingTick.Instance, PingTick.Instance, _pingTimeout);
    }

    private void OnPong(Pong pong)
    {
        if (pong.Sequence != _awaitedPong) return;
        _awaitedPong = null;
        _missed = 0;
    }

    private void OnPingTick()
    {
        if (_awaitedPong is not null && ++_missed >= _maxMissed)
        {
            Timers.Cancel(PingTick.Instance);
            Context.Parent.Tell(new AgentUnreachable(_id), Self);
            return;
        }
        _awaitedPong = ++_sequence;
        Write(new AgentEvent { Type = AgentEvent.Types.Type.Ping, Ping = new AgentEvent.Types.Ping { Sequence = _sequence } });
    }

    private void Write(AgentEvent e)
    {
        e.Epoch = _epoch;
        _events?.TryWrite(e);
    }

    // Pings keep counting while the stream is down: an agent that does not come back is unreachable.
    private void Detach()
    {
        _events?.TryComplete();
        _events = null;
        _streamId = null;
    }

    protected override void PostStop() => _events?.TryComplete();

    public sealed record Attach(string StreamId, ChannelWriter<AgentEvent> Events, AgentEvent Subscribed);

    public sealed record Deliver(AgentEvent Event);

    public sealed record Pong(ulong Sequence);

    public sealed record StreamClosed(string StreamId);

    private sealed record PingTick
    {
        public static PingTick Instance { get; } = new();
    }
}

/// <summary>The agent missed the maximum number of pings in a row.</summary>
internal sealed record AgentUnreachable(AgentID AgentId);
