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
/// <remarks>
/// PONGs reach the session through the master's mailbox, behind whatever the master has to do (a
/// thousand agents registering again after a failover). So that a busy master never takes an agent that
/// answered for unreachable, a ping is judged missed only once a <see cref="PingDue"/> sent to the master
/// has come back: every PONG the master had received before it has been handed on by then. While one is
/// out, the ticks count nothing: the timeout runs while the master can take PONGs, not while it cannot.
/// </remarks>
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
    private bool _judging;

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
        Receive<PingDue>(OnPingDue);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>A session is made for each agent: by a plain call (see <see cref="Producer{TActor}"/>).</summary>
    public static Props Props(AgentID id, TimeSpan pingTimeout, int maxMissed, ulong epoch) =>
        Producer<AgentSession>.Props(() => new AgentSession(id, pingTimeout, maxMissed, epoch));

    private void OnAttach(Attach attach)
    {
        _events?.TryComplete();
        _streamId = attach.StreamId;
        _events = attach.Events;
        Write(attach.Subscribed);
        _missed = 0;
        _awaitedPong = null;
        _judging = false;
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
        if (_judging) return;
        if (_awaitedPong is { } awaited)
        {
            _judging = true;
            Context.Parent.Tell(new PingDue(awaited), Self);
            return;
        }
        Ping();
    }

    /// <summary>The master handed on every PONG it had: the ping is missed if its PONG was not among them.</summary>
    private void OnPingDue(PingDue due)
    {
        if (!_judging) return;
        _judging = false;
        if (_awaitedPong == due.Sequence && ++_missed >= _maxMissed)
        {
            Timers.Cancel(PingTick.Instance);
            Context.Parent.Tell(new AgentUnreachable(_id), Self);
            return;
        }
        Ping();
    }

    private void Ping()
    {
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

    /// <summary>Sent to the master, which sends it back: the ping <paramref name="Sequence"/> is due its PONG.</summary>
    public sealed record PingDue(ulong Sequence);

    private sealed record PingTick
    {
        public static PingTick Instance { get; } = new();
    }
}

/// <summary>The agent missed the maximum number of pings in a row.</summary>
internal sealed record AgentUnreachable(AgentID AgentId);
