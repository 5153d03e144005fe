using Mesos.Actors.Allocator.Compact;
using Mesos.Actors.Allocator.Sorting;

namespace Mesos.Actors.Allocator.State;

/// <summary>
/// What one framework holds on one agent under one role, offered or in use: the allocator does not
/// tell the two apart. <see cref="Client"/> is null while the framework is not added.
/// </summary>
internal sealed class Holding
{
    public Holding(FrameworkState framework, RoleNode role, SorterClient? client, Bundle resources)
    {
        Framework = framework;
        Role = role;
        Client = client;
        Resources = resources;
    }

    public FrameworkState Framework { get; }

    public RoleNode Role { get; }

    public SorterClient? Client { get; set; }

    public Bundle Resources { get; set; }
}
