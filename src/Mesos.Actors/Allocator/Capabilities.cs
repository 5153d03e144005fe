namespace Mesos.Actors.Allocator;

/// <summary>The FrameworkInfo capabilities the allocator looks at.</summary>
[Flags]
internal enum FrameworkCapabilities
{
    None = 0,
    RevocableResources = 1,
    GpuResources = 2,
    SharedResources = 4,
    MultiRole = 8,
    ReservationRefinement = 16,
}

/// <summary>The AgentInfo capabilities the allocator looks at; agents of this project have them all.</summary>
[Flags]
internal enum AgentCapabilities
{
    None = 0,
    MultiRole = 1,
    HierarchicalRole = 2,
    All = MultiRole | HierarchicalRole,
}
