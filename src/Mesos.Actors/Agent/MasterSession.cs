using Akka.Actor;
using Akka.Event;
using Mesos.Internal;
using Mesos.V1;

namespace Mesos.Actors.Agent;

/// <summary>
/// The agent's side of its master link, run inside the agent actor, on its timers and in its mailbox: carries
/// out what <see cref="MasterSubscription"/> decides (SUBSCRIBE attempts on the backoff, PONG for each PING,
/// the watch on the pings), and holds the status update manager's deliveries while the agent is not subscribed.
/// The agent routes the link's messages and these timers' messages here; it knows nothing of the rest.
/// </summary>
internal sealed class MasterSession(
    MasterSubscription subscription,
    IMasterLink link,
    ITimerScheduler timers,
    IActorRef updates,
    Func<AgentCall.Types.Subscribe> describe,
    ILoggingAdapter log)
{
    /// <summary>The id the master gave this agent, if it ever subscribed.</summary>
    public AgentID? AgentId => subscription.AgentId;

    /// <summary>The master the link is connected to, if any.</summary>
    public string? Master => subscription.Master;

    /// <summary>An earlier run of the agent registered under this id: it subscribes as that agent.</summary>
    public void Recovered(AgentID agentId) => subscription.Recovered(agentId);

    public void Connected(MasterConnected connected)
    {
        log.Info("Connected to master {Master}", connected.Master);
        var delay = subscription.Connected(connected.Master);
        Unsubscribed();
        ScheduleAttempt(delay);
    }

    public void Disconnected(MasterDisconnected disconnected)
    {
        log.Warning("Lost the master ({Reason}); tasks keep running", disconnected.Reason);
        subscription.Disconnected();
        Unsubscribed();
    }

    /// <summary>The attempt timer fired: SUBSCRIBE, with what the agent runs, unless that is no longer needed.</summary>
    public void AttemptDue()
    {
        if (!subscription.AttemptDue(out var next)) return;
        var call = new AgentCall { Type = AgentCall.Types.Type.Subscribe, Subscribe = describe() };
        if (AgentId is not null) call.AgentId = AgentId;
        log.Info("Subscribing to the master{As} with {Tasks} tasks",
            AgentId is null ? "" : " as " + AgentId.Value, call.Subscribe.Tasks.Count);
        // The next attempt is due before this one leaves, so that whoever has seen the SUBSCRIBE can count on the next.
        ScheduleAttempt(next);
        link.Post(call, log);
    }

    public void Subscribed(AgentEvent.Types.Subscribed subscribed)
    {
        // The updates in flight went out when the first answer came; sent again now, they would cross the framework's
        // acknowledgements and reach it twice.
        if (subscription.IsRepeated(subscribed.AgentId))
        {
            log.Warning("Already subscribed to master {Master} as agent {Agent}; ignoring a repeated SUBSCRIBED", subscribed.MasterInfo?.Id, subscribed.AgentId.Value);
            return;
        }
        if (subscription.Subscribed(subscribed.AgentId, subscribed.PingIntervalSeconds) is { } replaced)
        {
            log.Warning("The master gave this agent a new id, {New}, instead of {Old}", subscribed.AgentId.Value, replaced.Value);
        }
        timers.Cancel(SubscribeAttempt.Instance);
        WatchPings();
        log.Info("Subscribed to master {Master} as agent {Agent}", subscribed.MasterInfo?.Id, subscribed.AgentId.Value);
        updates.Tell(new ResumeStatusUpdates(subscribed.AgentId));
    }

    public void Ping(AgentEvent.Types.Ping ping)
    {
        WatchPings();
        link.Post(new AgentCall
        {
            Type = AgentCall.Types.Type.Pong,
            AgentId = AgentId,
            Pong = new AgentCall.Types.Pong { Sequence = ping.Sequence },
        }, log);
    }

    /// <summary>The ping timer fired: the master is taken for gone, and the agent subscribes again.</summary>
    public void PingsMissed()
    {
        if (!subscription.PingsMissed(out var resubscribeAfter)) return;
        log.Warning("No ping from the master for {Timeout}; subscribing again", subscription.PingTimeout);
        Unsubscribed();
        if (resubscribeAfter is { } delay) ScheduleAttempt(delay);
    }

    private void Unsubscribed()
    {
        timers.Cancel(SubscribeAttempt.Instance);
        timers.Cancel(PingTimeout.Instance);
        updates.Tell(PauseStatusUpdates.Instance);
    }

    private void ScheduleAttempt(TimeSpan delay) => timers.StartSingleTimer(SubscribeAttempt.Instance, SubscribeAttempt.Instance, delay);

    private void WatchPings()
    {
        if (subscription.PingTimeout is { } timeout) timers.StartSingleTimer(PingTimeout.Instance, PingTimeout.Instance, timeout);
    }

    /// <summary>The agent's timer message: a SUBSCRIBE attempt is due.</summary>
    internal sealed record SubscribeAttempt
    {
        public static readonly SubscribeAttempt Instance = new();
    }

    /// <summary>The agent's timer message: no ping came in time.</summary>
    internal sealed record PingTimeout
    {
        public static readonly PingTimeout Instance = new();
    }
}
