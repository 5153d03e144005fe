namespace Mesos.Host.Http;

/// <summary>Paths that both sides of a connection name: the master serves them, the agent calls them.</summary>
internal static class EndpointPaths
{
    /// <summary>The agent–master protocol (docs/AGENT-PROTOCOL.md).</summary>
    public const string AgentApi = "/api/v1/agent";
}
