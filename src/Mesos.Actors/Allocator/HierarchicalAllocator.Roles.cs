namespace Mesos.Actors.Allocator;

// Role weights and quotas, as the operator sets them.
internal sealed partial class HierarchicalAllocator
{
    private int _guaranteedRoles;
    private int _quotaRoles;

    /// <summary>
    /// Sets role weights (<c>--weights</c>, UPDATE_WEIGHTS): a role's dominant share is divided by its
    /// weight, so a role of weight 2 is offered until it holds twice the share of a role of weight 1.
    /// </summary>
    public void UpdateWeights(IReadOnlyDictionary<string, double> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        foreach (var (role, weight) in weights)
        {
            if (!(weight > 0) || double.IsInfinity(weight)) throw new ArgumentException($"Weight of role '{role}' must be a positive number", nameof(weights));
            _roles.Intern(role).Weight = weight;
        }

        _roles.Invalidate();
    }

    /// <summary>Sets a role's quota (UPDATE_QUOTA); <see cref="Quota.None"/> removes it. Counts the role's descendants too.</summary>
    public void UpdateQuota(string role, Quota quota)
    {
        ArgumentNullException.ThrowIfNull(role);
        ArgumentNullException.ThrowIfNull(quota);
        var node = _roles.Intern(role);
        if (node.HasGuarantees) _guaranteedRoles--;
        if (node.HasGuarantees || node.Limits.Length > 0) _quotaRoles--;
        node.Guarantees = quota.Guarantees.ToDims(_kinds.Dims);
        node.Limits = quota.Limits.ToDims(_kinds.Dims);
        if (node.HasGuarantees) _guaranteedRoles++;
        if (node.HasGuarantees || node.Limits.Length > 0) _quotaRoles++;
        _roles.QuotaChanged();
        Unsettle();
    }
}
