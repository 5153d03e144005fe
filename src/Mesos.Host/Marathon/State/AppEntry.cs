using Mesos.Host.Marathon.Apps;

namespace Mesos.Host.Marathon.State;

/// <summary>
/// An app as Marathon keeps it: its definition, its version (changed by every update) and its versionInfo;
/// instances launched before <see cref="LastConfigChangeAt"/> run an older configuration and are replaced.
/// </summary>
public sealed record AppEntry(AppDefinition Definition, DateTimeOffset Version, DateTimeOffset LastConfigChangeAt, DateTimeOffset LastScalingAt)
{
    public string Id => Definition.Id;

    public bool ChecksHealth => !Definition.HealthChecks.IsEmpty;
}
