using System.Collections.Immutable;

namespace Mesos.Host.Marathon.Apps;

/// <summary>
/// An app as its owner defines it, with Marathon's field names and defaults (cpus 1, mem 128, one
/// instance, one port, backoff 1 s growing by 1.15 up to 300 s). <see cref="Id"/> is an absolute path.
/// </summary>
public sealed record AppDefinition
{
    public required string Id { get; init; }
    public string? Cmd { get; init; }
    public ImmutableArray<string>? Args { get; init; }
    public string? User { get; init; }
    public double Cpus { get; init; } = 1;
    public double Mem { get; init; } = 128;
    public double Disk { get; init; }
    public double Gpus { get; init; }
    public int Instances { get; init; } = 1;
    public AppContainer? Container { get; init; }
    public ImmutableArray<PortDefinition> PortDefinitions { get; init; } = [PortDefinition.Any];
    public bool RequirePorts { get; init; }
    public ImmutableSortedDictionary<string, string> Env { get; init; } = ImmutableSortedDictionary<string, string>.Empty;
    public ImmutableSortedDictionary<string, string> Labels { get; init; } = ImmutableSortedDictionary<string, string>.Empty;
    public ImmutableArray<FetchUri> Fetch { get; init; } = [];
    public ImmutableArray<AppConstraint> Constraints { get; init; } = [];
    public ImmutableArray<string> AcceptedResourceRoles { get; init; } = [];
    public ImmutableArray<AppHealthCheck> HealthChecks { get; init; } = [];
    public ImmutableArray<ReadinessCheck> ReadinessChecks { get; init; } = [];
    public UpgradeStrategy UpgradeStrategy { get; init; } = UpgradeStrategy.Default;
    public double BackoffSeconds { get; init; } = 1;
    public double BackoffFactor { get; init; } = 1.15;
    public double MaxLaunchDelaySeconds { get; init; } = 300;
    public KillSelection KillSelection { get; init; } = KillSelection.YoungestFirst;
    public UnreachableStrategy UnreachableStrategy { get; init; } = UnreachableStrategy.Default;
    public ImmutableArray<string> Dependencies { get; init; } = [];

    /// <summary>Whether the task's ports come from the container's port mappings (bridge networking) rather than port definitions.</summary>
    public bool UsesPortMappings => Container is { } container && (container.Docker?.Network == DockerSettings.Bridge || container.PortMappings.Length > 0);

    /// <summary>The ports the app declares, in the order of the task's host ports: its port mappings' or its port definitions'.</summary>
    public IReadOnlyList<DeclaredPort> DeclaredPorts => UsesPortMappings
        ? [.. Container!.PortMappings.Select(m => new DeclaredPort(m.Name, m.ContainerPort, m.ServicePort))]
        : [.. PortDefinitions.Select(p => new DeclaredPort(p.Name, p.Port, p.Port))];

    /// <summary>The host ports a task takes, by number where the app names one (0: any free port of the offer).</summary>
    public IReadOnlyList<int> RequestedHostPorts => UsesPortMappings
        ? [.. Container!.PortMappings.Select(m => m.HostPort)]
        : [.. PortDefinitions.Select(p => RequirePorts ? p.Port : 0)];
}

public sealed record PortDefinition(int Port, string Protocol, string? Name, ImmutableSortedDictionary<string, string> Labels)
{
    public static PortDefinition Any { get; } = new(0, "tcp", null, ImmutableSortedDictionary<string, string>.Empty);
}

public sealed record FetchUri(string Uri, bool Executable, bool Extract, bool Cache, string? OutputFile);

/// <summary>A constraint as Marathon writes it: [field, operator] or [field, operator, value].</summary>
public sealed record AppConstraint(string Field, string Operator, string? Value);

public sealed record AppContainer(string Type, DockerSettings? Docker, ImmutableArray<PortMapping> PortMappings, ImmutableArray<AppVolume> Volumes);

public sealed record DockerSettings(string Image, string Network, bool Privileged, bool ForcePullImage, ImmutableArray<KeyValuePair<string, string>> Parameters)
{
    public const string Host = "HOST";
    public const string Bridge = "BRIDGE";
}

/// <summary>
/// A port of the container; <see cref="HostPort"/> 0 means any free port of the offer, <see cref="ContainerPort"/> 0 the
/// same number as the host port, <see cref="ServicePort"/> 0 one Marathon assigns.
/// </summary>
public sealed record PortMapping(int ContainerPort, int HostPort, int ServicePort, string Protocol, string? Name, ImmutableSortedDictionary<string, string> Labels);

/// <summary>
/// A port as the app declares it: its name, the number it asks for (a container port, or a port definition's
/// port; 0 for none in particular) and its service port.
/// </summary>
public sealed record DeclaredPort(string? Name, int Requested, int ServicePort);

public sealed record AppVolume(string ContainerPath, string HostPath, string Mode);

/// <summary>
/// A health check with Marathon's defaults (grace 300 s, every 60 s, timeout 20 s, 3 failures).
/// <see cref="PortIndex"/> names one of the task's ports; <see cref="Port"/> a fixed one.
/// </summary>
public sealed record AppHealthCheck
{
    public string Protocol { get; init; } = "MESOS_HTTP";
    public string? Path { get; init; }
    public int? PortIndex { get; init; }
    public int? Port { get; init; }
    public string? Command { get; init; }
    public double GracePeriodSeconds { get; init; } = 300;
    public double IntervalSeconds { get; init; } = 60;
    public double TimeoutSeconds { get; init; } = 20;
    public double DelaySeconds { get; init; } = 15;
    public int MaxConsecutiveFailures { get; init; } = 3;
}

/// <summary>
/// Marathon's readiness check: Marathon itself GETs the path on the task's port named <see cref="PortName"/> every
/// <see cref="IntervalSeconds"/> until it answers one of <see cref="HttpStatusCodesForReady"/>; a deployment counts a
/// new instance only once it is ready.
/// </summary>
public sealed record ReadinessCheck
{
    public string Name { get; init; } = "readinessCheck";
    public string Protocol { get; init; } = "HTTP";
    public string Path { get; init; } = "/";
    public string PortName { get; init; } = "http-api";
    public double IntervalSeconds { get; init; } = 30;
    public double TimeoutSeconds { get; init; } = 10;
    public ImmutableArray<int> HttpStatusCodesForReady { get; init; } = [200];
    public bool PreserveLastResponse { get; init; }
}

/// <summary>
/// How a deployment replaces instances: at least <see cref="MinimumHealthCapacity"/> of the instances stay
/// healthy, at most <see cref="MaximumOverCapacity"/> more run at once (fractions of the instance count).
/// <see cref="DeadlineSeconds"/> (ours; 0 for none) rolls a deployment of the app back when it has not finished
/// that long after it started.
/// </summary>
public sealed record UpgradeStrategy(double MinimumHealthCapacity, double MaximumOverCapacity, double DeadlineSeconds = 0)
{
    public static UpgradeStrategy Default { get; } = new(1, 1);
}

/// <summary>
/// How long an unreachable instance still counts (after which another replaces it), and when it is forgotten (and
/// killed should it come back); Marathon's defaults are 300 s and 600 s. <see cref="Disabled"/> (Marathon's
/// "disabled") replaces and forgets it at once.
/// </summary>
public sealed record UnreachableStrategy(double InactiveAfterSeconds, double ExpungeAfterSeconds)
{
    public static UnreachableStrategy Default { get; } = new(300, 600);

    public static UnreachableStrategy Disabled { get; } = new(0, 0);
}

/// <summary>Which instances go first when an app scales down.</summary>
public enum KillSelection
{
    YoungestFirst,
    OldestFirst,
}
