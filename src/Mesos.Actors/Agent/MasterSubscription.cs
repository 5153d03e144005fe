using Mesos.Actors.Protocol;
using Mesos.V1;

namespace Mesos.Actors.Agent;

/// <summary>
/// Where the agent stands with its master, and what it does next, as Mesos' agent decides it: it subscribes
/// once its link connects, again and again on Mesos' registration backoff until SUBSCRIBED comes;
/// subscribed, it expects the master's pings, and takes the master for gone when
/// <see cref="MaxMissedPings"/> intervals pass without one. No clock and no I/O: the caller starts the
/// timers and makes the calls that the answers ask for.
/// </summary>
internal sealed class MasterSubscription(Backoff backoff)
{
    /// <summary>The first SUBSCRIBE goes within this; each later one within twice as long as the one before.</summary>
    public static readonly TimeSpan RegistrationBackoffFactor = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan MaxRegistrationBackoff = TimeSpan.FromMinutes(1);

    /// <summary>A random delay within the bound spreads the agents of a cluster that all lost the same master.</summary>
    public static MasterSubscription WithJitter(Random jitter) => new(new Backoff(RegistrationBackoffFactor, MaxRegistrationBackoff, jitter));

    /// <summary>Pings the agent may miss before it takes the master for gone and subscribes again.</summary>
    public const int MaxMissedPings = 5;

    /// <summary>The master the link reached (host:port), while it is connected.</summary>
    public string? Master { get; private set; }

    /// <summary>The id the master last gave this agent; kept across reconnections, to subscribe again as the same agent.</summary>
    public AgentID? AgentId { get; private set; }

    public bool IsConnected { get; private set; }

    public bool IsSubscribed { get; private set; }

    /// <summary>How long without a ping before the master is taken for gone; none when the master does not ping.</summary>
    public TimeSpan? PingTimeout { get; private set; }

    /// <summary>An earlier run of the agent registered under this id: it subscribes as that agent.</summary>
    public void Recovered(AgentID agentId) => AgentId = agentId;

    /// <summary>The link reached <paramref name="master"/>: the agent is not subscribed there yet, and its first SUBSCRIBE goes after the delay returned.</summary>
    public TimeSpan Connected(string master)
    {
        IsConnected = true;
        Master = master;
        IsSubscribed = false;
        backoff.Reset();
        return backoff.Next();
    }

    /// <summary>The link lost its master: the agent is not subscribed, and waits for the link to connect again.</summary>
    public void Disconnected()
    {
        IsConnected = false;
        Master = null;
        IsSubscribed = false;
    }

    /// <summary>
    /// A SUBSCRIBE attempt fell due. True when one is to be sent now, and then <paramref name="next"/> is the
    /// wait before the one after it; false when connected no more, or subscribed already.
    /// </summary>
    public bool AttemptDue(out TimeSpan next)
    {
        if (!IsConnected || IsSubscribed)
        {
            next = TimeSpan.Zero;
            return false;
        }
        next = backoff.Next();
        return true;
    }

    /// <summary>
    /// A SUBSCRIBED while the agent is subscribed already under that id: the answer to a SUBSCRIBE retried while the
    /// first answer was on its way. As Mesos' agent ignores a repeated registration, it changes nothing.
    /// </summary>
    public bool IsRepeated(AgentID agentId) => IsSubscribed && AgentId?.Value == agentId.Value;

    /// <summary>SUBSCRIBED: the agent has its id and expects pings. Returns the id it had, when the master gave it another one.</summary>
    public AgentID? Subscribed(AgentID agentId, double pingIntervalSeconds)
    {
        var replaced = AgentId is not null && AgentId.Value != agentId.Value ? AgentId : null;
        AgentId = agentId;
        IsSubscribed = true;
        PingTimeout = pingIntervalSeconds > 0 ? TimeSpan.FromSeconds(pingIntervalSeconds * MaxMissedPings) : null;
        return replaced;
    }

    /// <summary>
    /// No ping came within <see cref="PingTimeout"/>. False when that changes nothing (the agent is not
    /// subscribed); true when the agent is no longer subscribed, and then, if the link is still connected,
    /// <paramref name="resubscribeAfter"/> is the wait before it subscribes again.
    /// </summary>
    public bool PingsMissed(out TimeSpan? resubscribeAfter)
    {
        resubscribeAfter = null;
        if (!IsSubscribed) return false;
        IsSubscribed = false;
        backoff.Reset();
        if (IsConnected) resubscribeAfter = backoff.Next();
        return true;
    }
}
