using Mesos.Actors.Protocol;
using Mesos.V1;
using Mesos.V1.Master;
using Mesos.V1.Quota;

namespace Mesos.Actors.Master.Operator;

/// <summary>Roles, weights and quotas as the v1 operator API answers GET_ROLES, GET_WEIGHTS and GET_QUOTA.</summary>
public static class RoleResponses
{
    private const double DefaultWeight = 1.0;

    /// <summary>
    /// Every role with a weight, a quota, a reservation or a framework subscribed to it: its frameworks,
    /// what they are allocated (running tasks and executors) and offered, what agents reserve for it, and
    /// the quota it consumes (its own and its children's reservations, plus what they are allocated unreserved).
    /// </summary>
    public static IReadOnlyList<RoleSummary> Summaries(MasterState state)
    {
        var reserved = state.Agents.Where(a => a.Reachable)
            .SelectMany(a => a.Total.ReservedByRole())
            .GroupBy(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Aggregate(Resources.Empty, (sum, r) => sum + r), StringComparer.Ordinal);
        var names = new SortedSet<string>(StringComparer.Ordinal);
        names.UnionWith(state.Weights.Keys);
        names.UnionWith(state.Quotas.Keys);
        names.UnionWith(reserved.Keys);
        foreach (var framework in state.Frameworks) names.UnionWith(FrameworkRoles(framework.Info));

        var summaries = names.Select(name =>
        {
            var frameworks = state.Frameworks.Where(f => FrameworkRoles(f.Info).Contains(name)).ToList();
            return new RoleSummary(
                name,
                state.Weights.GetValueOrDefault(name, DefaultWeight),
                [.. frameworks.Select(f => f.Info.Id)],
                frameworks.Aggregate(Resources.Empty, (sum, f) => sum + InRole(f.Used, name, FrameworkRoles(f.Info).First())),
                frameworks.Aggregate(Resources.Empty, (sum, f) => sum + InRole(f.Offered, name, FrameworkRoles(f.Info).First())),
                reserved.GetValueOrDefault(name, Resources.Empty),
                state.Quotas.GetValueOrDefault(name),
                Resources.Empty);
        }).ToList();

        return summaries.Select(summary => summary with
        {
            Consumed = summaries.Where(other => other.Name == summary.Name || other.Name.StartsWith(summary.Name + "/", StringComparison.Ordinal))
                .Aggregate(Resources.Empty, (sum, other) => sum + other.Reserved + other.Allocated.Unreserved()),
        }).ToList();
    }

    /// <summary>GET_ROLES: each role's resources are what its frameworks are allocated and offered.</summary>
    public static Response.Types.GetRoles Roles(MasterState state)
    {
        var roles = new Response.Types.GetRoles();
        foreach (var summary in Summaries(state))
        {
            roles.Roles.Add(new Role
            {
                Name = summary.Name,
                Weight = summary.Weight,
                Frameworks = { summary.Frameworks },
                Resources = { (summary.Allocated + summary.Offered).ToProtos() },
            });
        }

        return roles;
    }

    public static Response.Types.GetWeights Weights(MasterState state)
    {
        var weights = new Response.Types.GetWeights();
        weights.WeightInfos.AddRange(state.Weights.OrderBy(w => w.Key, StringComparer.Ordinal).Select(w => new WeightInfo { Role = w.Key, Weight = w.Value }));
        return weights;
    }

    /// <summary>The quota status: configs with guarantees and limits, and (as Mesos still fills them) infos with the guarantees alone.</summary>
    public static QuotaStatus Quota(MasterState state)
    {
        var status = new QuotaStatus();
        foreach (var config in state.Quotas.Values.OrderBy(c => c.Role, StringComparer.Ordinal))
        {
            status.Configs.Add(config.Clone());
            var guarantee = Resources.FromProtos(config.Guarantees.Select(g => new Resource { Name = g.Key, Type = Value.Types.Type.Scalar, Scalar = g.Value.Clone() }));
            status.Infos.Add(new QuotaInfo { Role = config.Role, Guarantee = { guarantee.ToProtos() } });
        }

        return status;
    }

    // Resources without allocation info come from before multi-role frameworks: they are the framework's one role's.
    private static Resources InRole(Resources resources, string role, string frameworkRole) =>
        resources.Filter(r => (r.AllocationInfo is { HasRole: true } a ? a.Role : frameworkRole) == role).Unallocated();

    private static IEnumerable<string> FrameworkRoles(FrameworkInfo info) =>
        info.Roles.Count > 0 ? info.Roles : [info.HasRole && info.Role.Length > 0 ? info.Role : "*"];
}

/// <summary>One role as operators see it; resources carry no allocation info.</summary>
/// <param name="Consumed">The quota it consumes: its own and its children's reservations, and what they are allocated unreserved.</param>
public sealed record RoleSummary(
    string Name,
    double Weight,
    IReadOnlyList<FrameworkID> Frameworks,
    Resources Allocated,
    Resources Offered,
    Resources Reserved,
    QuotaConfig? Quota,
    Resources Consumed);
