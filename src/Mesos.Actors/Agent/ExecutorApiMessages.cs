using System.Threading.Channels;
using Mesos.V1;
using Mesos.V1.Executor;

namespace Mesos.Actors.Agent;

// What the executor API endpoint (POST /api/v1/executor) tells the agent, and what the agent answers.
// The agent never sees HTTP: a subscriber hands it a channel, and the endpoint turns what arrives into RecordIO.

/// <summary>An executor subscribes; SUBSCRIBED and every later event are written to <paramref name="Events"/>.</summary>
public sealed record SubscribeExecutor(Call Call, ChannelWriter<Event> Events);

/// <summary>Any executor call but SUBSCRIBE.</summary>
public sealed record ExecutorCallReceived(Call Call);

/// <summary>The stream an executor subscribed with closed (the connection dropped).</summary>
public sealed record ExecutorStreamClosed(FrameworkID FrameworkId, ExecutorID ExecutorId, ChannelWriter<Event> Events);

/// <summary>The agent took the call (HTTP 202; 200 with the event stream for SUBSCRIBE).</summary>
public sealed record ExecutorCallAccepted
{
    public static ExecutorCallAccepted Instance { get; } = new();
}

/// <summary>The agent refused the call, and why.</summary>
public sealed record ExecutorCallRefused(ExecutorCallRefusal Reason, string Message);

public enum ExecutorCallRefusal
{
    /// <summary>Malformed, or for a framework or executor the agent does not know (HTTP 400).</summary>
    Invalid,

    /// <summary>The executor has not subscribed yet (HTTP 403).</summary>
    NotSubscribed,
}
