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
    /// Every role with a weight, a quota, or a framework subscribed to it; its resources are those
    /// its frameworks are allocated (running tasks and executors) and offered.
    /// </summary>
    public static Response.Types.GetRoles Roles(MasterState state)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        names.UnionWith(state.Weights.Keys);
        names.UnionWith(state.Quotas.Keys);
        foreach (var framework in state.Frameworks) names.UnionWith(FrameworkRoles(framework.Info));

        var roles = new Response.Types.GetRoles();
        foreach (var name in names)
        {
            var frameworks = state.Frameworks.Where(f => FrameworkRoles(f.Info).Contains(name)).ToList();
            var resources = frameworks.Aggregate(Resources.Empty, (sum, f) => sum + InRole(f.Used + f.Offered, name, FrameworkRoles(f.Info).First()));
            roles.Roles.Add(new Role
            {
                Name = name,
                Weight = state.Weights.GetValueOrDefault(name, DefaultWeight),
                Frameworks = { frameworks.Select(f => f.Info.Id) },
                Resources = { resources.ToProtos() },
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
        resources.Filter(r => (r.AllocationInfo is { HasRole: true } a ? a.Role : frameworkRole) == role);

    private static IEnumerable<string> FrameworkRoles(FrameworkInfo info) =>
        info.Roles.Count > 0 ? info.Roles : [info.HasRole && info.Role.Length > 0 ? info.Role : "*"];
}
