using System.Threading.Channels;
using Mesos.Internal;
using Mesos.V1;
using Mesos.V1.Scheduler;

namespace Mesos.Actors.Master;

/// <summary>
/// Published on the event stream of the master's actor system once a master has recovered its registry and
/// recorded its epoch there: from now on it leads, and its host may send it calls.
/// </summary>
public sealed record MasterElected(Akka.Actor.IActorRef Master, MasterInfo Info, ulong Epoch);

/// <summary>
/// Published on the event stream of the master's actor system by a master that found a later epoch than its own
/// in the registry, just before it stops: another master took over, and this one must never act again.
/// </summary>
public sealed record MasterDeposed(Akka.Actor.IActorRef Master, ulong Epoch);

// What the host (HTTP endpoints) tells the master, and what the master answers. The master never
// sees HTTP: a subscriber hands it a channel, and the endpoint turns what arrives into RecordIO.

/// <summary>A framework subscribes; SUBSCRIBED and every later event are written to <paramref name="Events"/>.</summary>
public sealed record SubscribeFramework(Call.Types.Subscribe Subscribe, ChannelWriter<Event> Events);

/// <summary>Answer to <see cref="SubscribeFramework"/>: the stream id the framework must send with its calls.</summary>
/// <param name="Epoch">The registry epoch of the master that took the subscription, for the stream's <c>Mesos-Master-Epoch</c> header.</param>
public sealed record FrameworkSubscribed(FrameworkID FrameworkId, string StreamId, ulong Epoch);

/// <summary>Any scheduler call but SUBSCRIBE, with the stream id it came with.</summary>
public sealed record SchedulerCall(Call Call, string? StreamId);

/// <summary>The framework's event stream closed (the connection dropped).</summary>
public sealed record FrameworkStreamClosed(FrameworkID FrameworkId, string StreamId);

/// <summary>An agent subscribes; SUBSCRIBED and every later event are written to <paramref name="Events"/>.</summary>
public sealed record SubscribeAgent(AgentCall.Types.Subscribe Subscribe, AgentID? AgentId, ChannelWriter<AgentEvent> Events)
{
    /// <summary>The IP address the agent's subscription came from, as the endpoint saw it; views show it in the agent's pid.</summary>
    public string? Address { get; init; }

    /// <summary>
    /// Decoded by the endpoint from the request's bytes and checked there with
    /// <see cref="Validation.SubscriptionValidator.ValidateAgent"/>: the master does not check it again, and keeps
    /// the tasks it reports without copying them, as nothing else holds them. Checking a hundred tasks again and
    /// copying each was a fifth of the master actor's work re-admitting an agent after a failover.
    /// </summary>
    public bool Decoded { get; init; }
}

public sealed record AgentSubscribed(AgentID AgentId, string StreamId);

/// <summary>Any agent call but SUBSCRIBE, with the stream id it came with.</summary>
public sealed record AgentCallReceived(AgentCall Call, string? StreamId);

public sealed record AgentStreamClosed(AgentID AgentId, string StreamId);

/// <summary>
/// An operator reserves or unreserves resources of an agent (RESERVE_RESOURCES, UNRESERVE_RESOURCES,
/// /master/reserve, /master/unreserve): CallAccepted, or CallRefused (Invalid) for a bad request or
/// resources that are not available (in use by tasks, or not on the agent).
/// </summary>
public sealed record UpdateReservations(AgentID AgentId, Offer.Types.Operation Operation);

/// <summary>An operator tears a framework down (v1 TEARDOWN, /master/teardown): CallAccepted, or CallRefused when unknown.</summary>
public sealed record TeardownFramework(FrameworkID FrameworkId);

/// <summary>
/// An operator declares an agent gone for good (MARK_AGENT_GONE): CallAccepted once the registry holds it, or
/// CallRefused for an agent the registry does not know.
/// </summary>
public sealed record DeclareAgentGone(AgentID AgentId);

/// <summary>An operator subscribes (SUBSCRIBE on /api/v1); SUBSCRIBED and every later event are written to <paramref name="Events"/>.</summary>
public sealed record SubscribeOperator(ChannelWriter<V1.Master.Event> Events);

/// <summary>Answer to <see cref="SubscribeOperator"/>: the id by which the stream's end is reported.</summary>
public sealed record OperatorSubscribed(string StreamId);

/// <summary>The operator's event stream closed (the connection dropped).</summary>
public sealed record OperatorStreamClosed(string StreamId);
