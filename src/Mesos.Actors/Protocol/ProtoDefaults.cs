using Mesos.V1;

namespace Mesos.Actors.Protocol;

/// <summary>
/// Mesos writes a message's optional fields that have a default even when they were never set, so its readers
/// find <c>failover_timeout</c> and <c>checkpoint</c> in every FrameworkInfo; ours writes only what was set.
/// These fill in such fields where operators read them, with the value in effect: the default.
/// </summary>
public static class ProtoDefaults
{
    public static FrameworkInfo Filled(FrameworkInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        var filled = info.Clone();
        if (!filled.HasFailoverTimeout) filled.FailoverTimeout = 0.0;
        if (!filled.HasCheckpoint) filled.Checkpoint = false;
        return filled;
    }
}
