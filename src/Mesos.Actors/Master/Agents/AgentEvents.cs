using Mesos.Actors.Protocol;
using Mesos.Internal;

namespace Mesos.Actors.Master.Agents;

/// <summary>Events the master sends agents that both its actor and its planner build.</summary>
internal static class AgentEvents
{
    /// <summary>Tells the agent its total with the dynamic reservations, which it reports when it subscribes again.</summary>
    public static AgentEvent CheckpointResources(Resources total) => new()
    {
        Type = AgentEvent.Types.Type.CheckpointResources,
        CheckpointResources = new AgentEvent.Types.CheckpointResources { Resources = { total.ToProtos() } },
    };
}
