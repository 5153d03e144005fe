using Mesos.V1.Scheduler;

using static Mesos.Actors.Framework.SchedulerEvent;

namespace Mesos.Actors.Framework;

/// <summary>Turns the master's events into the messages a <see cref="SchedulerActor"/> handles.</summary>
internal static class SchedulerEventMapper
{
    /// <summary>The message for an event, or null for events a scheduler does not see (heartbeats, kinds we do not handle).</summary>
    public static SchedulerEvent? Map(Event e) => e.Type switch
    {
        Event.Types.Type.Subscribed when e.Subscribed is { } s => new Subscribed(s.FrameworkId, s.MasterInfo),
        Event.Types.Type.Offers when e.Offers is { } o => new ResourceOffers(o.Offers_.ToArray()),
        Event.Types.Type.Rescind when e.Rescind is { } r => new OfferRescinded(r.OfferId),
        Event.Types.Type.Update when e.Update is { } u => new StatusUpdate(u.Status),
        Event.Types.Type.Message when e.Message is { } m => new FrameworkMessage(m.AgentId, m.ExecutorId, m.Data.ToByteArray()),
        Event.Types.Type.Failure when e.Failure is { ExecutorId: { } executor, AgentId: { } agent } f =>
            new ExecutorLost(executor, agent, f.HasStatus ? f.Status : null),
        Event.Types.Type.Failure when e.Failure is { AgentId: { } agent } => new AgentLost(agent),
        Event.Types.Type.Error => new Error(e.Error?.Message ?? "The master sent an ERROR event without a message"),
        _ => null,
    };

    /// <summary>The heartbeat interval the master announced, or Mesos' 15 s when it announced none.</summary>
    public static TimeSpan HeartbeatInterval(Event.Types.Subscribed subscribed) =>
        subscribed.HasHeartbeatIntervalSeconds && subscribed.HeartbeatIntervalSeconds > 0
            ? TimeSpan.FromSeconds(subscribed.HeartbeatIntervalSeconds)
            : HeartbeatWatch.DefaultInterval;
}
