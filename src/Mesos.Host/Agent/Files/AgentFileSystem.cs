using Akka.Actor;
using Akka.Hosting;
using Mesos.Actors.Agent;
using Mesos.Host.Http;

namespace Mesos.Host.Agent.Files;

/// <summary>The agent's files as /files/* and the operator calls see them: its executors' sandboxes, and its log.</summary>
/// <param name="LogFile">The file the agent logs to, served as /slave/log; null when it logs to the console only.</param>
internal sealed record AgentFileSystem(IRequiredActor<AgentActor> Agent, string? LogFile)
{
    /// <summary>The virtual paths now: the executors the agent runs or ran, and its log.</summary>
    public async Task<VirtualPaths> Paths(CancellationToken cancel) =>
        VirtualPaths.Of(await Agent.ActorRef.Ask<AgentSnapshot>(GetAgentState.Instance, ApiRequest.AskTimeout, cancel), LogFile);
}
