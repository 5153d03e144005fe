using Mesos.Actors.Protocol;
using Mesos.V1;
using Mesos.V1.Quota;

namespace Mesos.Actors.Master.Roles;

/// <summary>
/// Checks an UPDATE_WEIGHTS or UPDATE_QUOTA request as a whole, so that a request with one bad entry
/// changes nothing. Each method answers why the request is invalid, or null when it is valid.
/// </summary>
internal static class RoleConfigValidator
{
    public static string? ValidateWeights(IReadOnlyList<WeightInfo> weights)
    {
        if (weights.Count == 0) return "Expecting at least one weight";
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var info in weights)
        {
            if (!info.HasRole) return "Expecting 'role' in every weight";
            if (RoleNames.Validate(info.Role) is { } bad) return bad;
            if (!seen.Add(info.Role)) return $"Role '{info.Role}' appears more than once";
            if (!(info.Weight > 0) || double.IsInfinity(info.Weight)) return $"Weight of role '{info.Role}' must be a positive number, not {info.Weight}";
        }

        return null;
    }

    /// <summary>
    /// Checks <paramref name="update"/> alone, then the quotas it would leave (<paramref name="current"/>
    /// updated by it) against Mesos' hierarchical rule: the guarantees of a role's children add up to
    /// no more than its own, and no child's limit is above its parent's (a child without a limit is bounded by its parent's).
    /// </summary>
    public static string? ValidateQuota(IReadOnlyList<QuotaConfig> update, IReadOnlyDictionary<string, QuotaConfig> current)
    {
        if (update.Count == 0) return "Expecting at least one quota config";
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var config in update)
        {
            if (RoleNames.Validate(config.Role) is { } bad) return bad;
            if (config.Role == RoleNames.Default) return "Quota cannot be set for the default role '*'";
            if (!seen.Add(config.Role)) return $"Role '{config.Role}' appears more than once";
            if ((Amounts(config, config.Guarantees, "guarantee") ?? Amounts(config, config.Limits, "limit")) is { } badAmount) return badAmount;
            foreach (var (name, guarantee) in config.Guarantees)
            {
                if (config.Limits.TryGetValue(name, out var limit) && guarantee.Value > limit.Value)
                {
                    return $"Quota guarantee of '{name}' ({guarantee.Value}) exceeds its limit ({limit.Value}) for role '{config.Role}'";
                }
            }
        }

        var after = current.Where(pair => !seen.Contains(pair.Key)).ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
        foreach (var config in update) after[config.Role] = config;
        return Hierarchy(after);
    }

    private static string? Amounts(QuotaConfig config, IDictionary<string, Value.Types.Scalar> amounts, string kind)
    {
        foreach (var (name, amount) in amounts)
        {
            if (name.Length == 0) return $"Quota {kind} of role '{config.Role}' has an empty resource name";
            // Quotas take part in the same fixed-point arithmetic as resources, so they share its bound.
            if (!(amount.Value is >= 0 and <= ResourceValidation.MaxScalar)) return $"Quota {kind} of '{name}' for role '{config.Role}' must be a non-negative number of at most {ResourceValidation.MaxScalar}";
        }

        return null;
    }

    private static string? Hierarchy(IReadOnlyDictionary<string, QuotaConfig> quotas)
    {
        foreach (var (role, parent) in quotas)
        {
            var children = quotas.Values.Where(c => RoleNames.Parent(c.Role) == role).ToList();
            if (children.Count == 0) continue;
            foreach (var name in children.SelectMany(c => c.Guarantees.Keys).Distinct())
            {
                var sum = children.Sum(c => c.Guarantees.TryGetValue(name, out var g) ? g.Value : 0);
                var own = parent.Guarantees.TryGetValue(name, out var p) ? p.Value : 0;
                if (sum > own) return $"Quota guarantees of the children of role '{role}' add up to more '{name}' ({sum}) than its own guarantee ({own})";
            }
            foreach (var (name, limit) in parent.Limits)
            {
                if (children.FirstOrDefault(c => c.Limits.TryGetValue(name, out var l) && l.Value > limit.Value) is { } child)
                {
                    return $"Quota limit of '{name}' for role '{child.Role}' exceeds the limit of its parent '{role}' ({limit.Value})";
                }
            }
        }

        return null;
    }
}
