using Akka.Actor;
using Mesos.Actors.Master.Frameworks;
using Mesos.V1;

namespace Mesos.Actors.Master.State;

/// <summary>What the master knows of one framework.</summary>
internal sealed class FrameworkState(FrameworkInfo info, IActorRef session) : IReadOnlyFramework
{
    public FrameworkInfo Info { get; set; } = info;
    public FrameworkID Id => Info.Id;
    public IActorRef Session { get; } = session;
    public string? StreamId { get; set; }
    public bool Connected => StreamId is not null;

    /// <summary>Roles for which the framework asked for no offers (SUPPRESS) until it revives them.</summary>
    public HashSet<string> SuppressedRoles { get; } = new(StringComparer.Ordinal);

    /// <summary>Every role the framework subscribed with.</summary>
    public IReadOnlyList<string> Roles => Info.Roles.Count > 0 ? Info.Roles : [Role];

    public DateTimeOffset RegisteredTime { get; init; }

    public FrameworkMetrics Metrics { get; } = new();

    /// <summary>When the framework last subscribed again (failover), if ever.</summary>
    public DateTimeOffset? ReregisteredTime { get; set; }

    public bool IsPartitionAware =>
        Info.Capabilities.Any(c => c.Type == FrameworkInfo.Types.Capability.Types.Type.PartitionAware);

    public bool HasCapability(FrameworkInfo.Types.Capability.Types.Type type) => Info.Capabilities.Any(c => c.Type == type);

    /// <summary>The role offers are made for: the first of roles (MULTI_ROLE), else role, else "*".</summary>
    public string Role => Info.Roles.Count > 0 ? Info.Roles[0] : Info.HasRole && Info.Role.Length > 0 ? Info.Role : "*";
}
