using System.Threading.Channels;
using Mesos.V1;
using Mesos.V1.Executor;

namespace Mesos.Actors.Agent;

// What the executor API endpoint (POST /api/v1/executor) tells the agent; the agent answers with a
// CallAccepted or CallRefused. The agent never sees HTTP: a subscriber hands it a channel, and the
// endpoint turns what arrives into RecordIO.

/// <summary>An executor subscribes; SUBSCRIBED and every later event are written to <paramref name="Events"/>.</summary>
public sealed record SubscribeExecutor(Call Call, ChannelWriter<Event> Events);

/// <summary>Any executor call but SUBSCRIBE.</summary>
public sealed record ExecutorCallReceived(Call Call);

/// <summary>The stream an executor subscribed with closed (the connection dropped).</summary>
public sealed record ExecutorStreamClosed(FrameworkID FrameworkId, ExecutorID ExecutorId, ChannelWriter<Event> Events);

/// <summary>
/// From the host, once the executor API listens: executors of checkpointing frameworks that an earlier run of the agent
/// started, and that still run, have from now <c>--executor_reregistration_timeout</c> to subscribe again.
/// </summary>
public sealed record ExecutorApiReady
{
    public static readonly ExecutorApiReady Instance = new();
}
