using Akka.Actor;
using Mesos.Internal;

namespace Mesos.Actors.Agent;

/// <summary>
/// The agent's only way to its master, so that the agent knows nothing of HTTP. The host supplies
/// it: over HTTP in a cluster, in memory in tests.
/// </summary>
/// <remarks>
/// Once attached, the link tells the agent <see cref="MasterConnected"/> whenever it reaches a leading
/// master (at once if it already has one), <see cref="MasterDisconnected"/> when it loses it, and every
/// <see cref="AgentEvent"/> of the event stream that a SUBSCRIBE call opened, in stream order. The link
/// finds the leader and reconnects by itself; the agent decides when to subscribe again.
/// </remarks>
public interface IMasterLink
{
    /// <summary>Called by the agent when it starts, and again after it restarts.</summary>
    void Attach(IActorRef agent);

    /// <summary>
    /// Sends a call to the connected master. SUBSCRIBE opens the event stream (replacing any open one),
    /// whose events then arrive as messages. Faults when the master could not be reached or refused the call.
    /// </summary>
    Task SendAsync(AgentCall call, CancellationToken cancellationToken = default);
}

/// <summary>The link reached a leading master, at <paramref name="Master"/> (host:port): the agent subscribes.</summary>
public sealed record MasterConnected(string Master);

/// <summary>The link lost its master; the agent keeps its tasks running and waits for the next <see cref="MasterConnected"/>.</summary>
public sealed record MasterDisconnected(string Reason);
