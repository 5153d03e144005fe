using Mesos.V1;
using CapabilityType = Mesos.V1.AgentInfo.Types.Capability.Types.Type;

namespace Mesos.Actors.Agent;

/// <summary>
/// What this agent supports, in Mesos' terms: tasks of frameworks in several roles, of nested roles, and resources
/// with refined reservations. It does not have resource providers, volume resizing, operation feedback, draining,
/// or task resource limits, so it does not claim them.
/// </summary>
public static class AgentCapabilities
{
    public static IReadOnlyList<CapabilityType> Supported { get; } =
    [
        CapabilityType.MultiRole,
        CapabilityType.HierarchicalRole,
        CapabilityType.ReservationRefinement,
    ];

    public static IEnumerable<AgentInfo.Types.Capability> Protos() => Supported.Select(type => new AgentInfo.Types.Capability { Type = type });
}
