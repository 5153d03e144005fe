using Mesos.Actors.Master.Roles;
using Mesos.Actors.Protocol;
using Mesos.V1;

namespace Mesos.Actors.Master.Validation;

/// <summary>
/// Checks what a framework or an agent says about itself when it subscribes (or a framework
/// updates itself), so that the endpoint refuses it with a 400 before the master sees it, and the
/// master refuses it too should a message come by another way. Each method answers why the input
/// is invalid, or null when it is valid.
/// </summary>
public static class SubscriptionValidator
{
    /// <summary>
    /// The longest failover timeout, in seconds: Mesos' Duration is a 64-bit count of nanoseconds,
    /// and a longer one cannot be represented (Mesos refuses it the same way).
    /// </summary>
    public const double MaxFailoverTimeoutSeconds = long.MaxValue / 1e9;

    /// <summary>The framework's ID (when it names one), its roles and its failover timeout.</summary>
    public static string? ValidateFramework(FrameworkInfo info)
    {
        if (info.Id is { } id && Ids.ValidateMintedId(id.Value, "Framework ID") is { } badId) return badId;
        if (info.HasRole && RoleNames.Validate(info.Role) is { } badRole) return badRole;
        foreach (var role in info.Roles)
        {
            if (RoleNames.Validate(role) is { } bad) return bad;
        }

        var timeout = info.FailoverTimeout;
        return double.IsFinite(timeout) && timeout is >= 0 and <= MaxFailoverTimeoutSeconds ? null
            : $"Invalid framework failover_timeout {timeout}: expecting a non-negative number of seconds of at most {MaxFailoverTimeoutSeconds:0}";
    }

    /// <summary>The agent ID an agent subscribes with, when it names one.</summary>
    public static string? ValidateAgentId(AgentID? id) => id is null ? null : Ids.ValidateMintedId(id.Value, "Agent ID");
}
