using System.Collections.Immutable;

namespace Mesos.Host.Chronos.Jobs;

/// <summary>
/// A job as its owner defines it, with Chronos' field names and defaults. Exactly one of
/// <see cref="Schedule"/> (ISO 8601), <see cref="Cron"/> and <see cref="Parents"/> says when it runs.
/// </summary>
public sealed record JobDefinition
{
    public required string Name { get; init; }
    public string Description { get; init; } = "";
    public required string Command { get; init; }
    public ImmutableArray<string> Arguments { get; init; } = [];
    public bool Shell { get; init; } = true;
    public string? Schedule { get; init; }
    public string? Cron { get; init; }
    public string? ScheduleTimeZone { get; init; }
    public ImmutableArray<string> Parents { get; init; } = [];
    /// <summary>A run missed by no more than this still starts (ISO 8601 duration; Chronos: PT5M).</summary>
    public string Epsilon { get; init; } = "PT5M";
    public int Retries { get; init; } = 2;
    public double Cpus { get; init; } = 0.1;
    public double Mem { get; init; } = 128;
    public double Disk { get; init; } = 256;
    public bool Disabled { get; init; }
    public bool Concurrent { get; init; }
    /// <summary>A failure after the retries does not disable the job's dependents' chain.</summary>
    public bool SoftError { get; init; }
    /// <summary>Whom to notify of failures: comma-separated addresses.</summary>
    public string Owner { get; init; } = "";
    public string OwnerName { get; init; } = "";
    public string? RunAsUser { get; init; }
    public JobContainer? Container { get; init; }
    public ImmutableArray<JobFetch> Fetch { get; init; } = [];
    public ImmutableArray<JobEnvironmentVariable> EnvironmentVariables { get; init; } = [];
    public ImmutableArray<JobConstraint> Constraints { get; init; } = [];
    /// <summary>A run still going after this long is killed (ISO 8601 duration); none by default.</summary>
    public string? MaxCompletionTime { get; init; }

    public bool IsDependent => !Parents.IsEmpty;
}

/// <summary>A Docker container for the job's runs.</summary>
public sealed record JobContainer(string Type, string Image, string Network, bool ForcePullImage, ImmutableArray<JobVolume> Volumes, ImmutableArray<JobParameter> Parameters);

public sealed record JobVolume(string ContainerPath, string HostPath, string Mode);

public sealed record JobParameter(string Key, string Value);

public sealed record JobFetch(string Uri, bool Cache, bool Extract, bool Executable);

public sealed record JobEnvironmentVariable(string Name, string Value);

/// <summary>Where runs may go: an agent attribute compared by EQUALS, LIKE or UNLIKE.</summary>
public sealed record JobConstraint(string Attribute, string Operator, string Value);
