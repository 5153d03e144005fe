using Mesos.V1;
using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.Actors.Framework;

/// <summary>What the master told a <see cref="SchedulerActor"/>, as one immutable message per event.</summary>
public abstract record SchedulerEvent
{
    private SchedulerEvent()
    {
    }

    /// <summary>The master accepted the subscription; <paramref name="FrameworkId"/> is the framework's identity from now on.</summary>
    public sealed record Subscribed(FrameworkID FrameworkId, MasterInfo? MasterInfo) : SchedulerEvent;

    /// <summary>Resources the framework may use; answer each offer with Accept, Launch or Decline.</summary>
    public sealed record ResourceOffers(IReadOnlyList<Offer> Offers) : SchedulerEvent;

    /// <summary>An offer is no longer valid; accepting it now would fail.</summary>
    public sealed record OfferRescinded(OfferID OfferId) : SchedulerEvent;

    /// <summary>A task changed state. Updates with a uuid are acknowledged automatically unless the settings say otherwise.</summary>
    public sealed record StatusUpdate(TaskStatus Status) : SchedulerEvent;

    /// <summary>Bytes an executor sent to the framework.</summary>
    public sealed record FrameworkMessage(AgentID AgentId, ExecutorID ExecutorId, byte[] Data) : SchedulerEvent;

    /// <summary>An agent was removed; its tasks are lost unless their status says otherwise.</summary>
    public sealed record AgentLost(AgentID AgentId) : SchedulerEvent;

    /// <summary>An executor exited; <paramref name="Status"/> is its wait status when the agent knew it.</summary>
    public sealed record ExecutorLost(ExecutorID ExecutorId, AgentID AgentId, int? Status) : SchedulerEvent;

    /// <summary>
    /// The master refused the framework (it was removed, or its subscription is invalid). The actor does not
    /// subscribe again after an error.
    /// </summary>
    public sealed record Error(string Message) : SchedulerEvent;

    /// <summary>
    /// The connection to the master is gone or could not be made; the actor subscribes again with backoff,
    /// keeping its framework id, until it is stopped or torn down.
    /// </summary>
    public sealed record Disconnected(string Reason) : SchedulerEvent;
}
