using Mesos.Actors.Allocator.Compact;
using Mesos.Actors.Protocol;

namespace Mesos.Actors.Allocator;

/// <summary>
/// One offer decided by <see cref="HierarchicalAllocator.Allocate"/>: resources of one agent for one
/// framework, under one role. The resources stay the framework's until they are recovered.
/// </summary>
internal sealed class Allocation
{
    private Resources? _resources;

    internal Allocation(string frameworkId, string agentId, string role, Bundle bundle)
    {
        FrameworkId = frameworkId;
        AgentId = agentId;
        Role = role;
        Bundle = bundle;
    }

    public string FrameworkId { get; }

    public string AgentId { get; }

    public string Role { get; }

    /// <summary>The offered resources, without allocation info (<see cref="Resources.AllocatedTo"/> adds it).</summary>
    public Resources Resources => _resources ??= KindTable.ToResources(Bundle);

    internal Bundle Bundle { get; private set; }

    /// <summary>Both stages of one round offered to the same framework, role and agent: one offer, as in Mesos.</summary>
    internal void Merge(Bundle more) => Bundle = Bundle.Add(Bundle, more);

    public override string ToString() => $"{FrameworkId} on {AgentId} as {Role}: {Resources}";
}
