using Mesos.Actors.Allocator;
using Mesos.Actors.Master.Allocation;
using Mesos.Actors.Master.Registrar;
using Mesos.Actors.Master.Roles;
using Mesos.Actors.Protocol;
using Mesos.V1.Quota;
using Akka.Event;

namespace Mesos.Actors.Master;

// Role weights and quotas the operator sets: the registry keeps them, the allocator applies them.
public sealed partial class MasterActor
{
    private void ReceiveRoleConfig()
    {
        Receive<UpdateWeights>(OnUpdateWeights);
        Receive<UpdateQuota>(OnUpdateQuota);
        Receive<SetQuota>(OnSetQuota);
        Receive<RemoveQuota>(OnRemoveQuota);
    }

    private void OnUpdateWeights(UpdateWeights request)
    {
        if (RoleConfigValidator.ValidateWeights(request.Weights) is { } error)
        {
            Sender.Tell(Invalid(error), Self);
            return;
        }
        var replyTo = Sender;
        Write(new SetWeights(request.Weights), replyTo, () =>
        {
            TellAllocator(new WeightsUpdated(request.Weights.ToDictionary(w => w.Role, w => w.Weight, StringComparer.Ordinal)));
            _log.Info("Updated weights of roles {Roles}", string.Join(", ", request.Weights.Select(w => $"{w.Role}={w.Weight}")));
            replyTo.Tell(CallAccepted.Instance, Self);
        });
    }

    private void OnUpdateQuota(UpdateQuota request)
    {
        var error = RoleConfigValidator.ValidateQuota(request.Configs, _registry.Quotas) ?? (request.Force ? null : ExceedsCapacity(request.Configs));
        if (error is not null)
        {
            Sender.Tell(Invalid(error), Self);
            return;
        }
        var replyTo = Sender;
        Write(new SetQuotas(request.Configs), replyTo, () =>
        {
            foreach (var config in request.Configs) TellAllocator(new QuotaUpdated(config.Role, QuotaOf(config)));
            _log.Info("Updated quota of roles {Roles}", string.Join(", ", request.Configs.Select(c => c.Role)));
            replyTo.Tell(CallAccepted.Instance, Self);
        });
    }

    private void OnSetQuota(SetQuota request)
    {
        var config = QuotaRequests.ToConfig(request.Request, out var error);
        if (config is not null && _registry.Quotas.ContainsKey(config.Role)) error = $"Role '{config.Role}' already has quota; update it with UPDATE_QUOTA";
        if (error is not null) Sender.Tell(Invalid(error), Self);
        else OnUpdateQuota(new UpdateQuota([config!], request.Request.Force));
    }

    private void OnRemoveQuota(RemoveQuota request)
    {
        if (!_registry.Quotas.ContainsKey(request.Role)) Sender.Tell(Invalid($"Failed to remove quota: role '{request.Role}' has no quota set"), Self);
        else OnUpdateQuota(new UpdateQuota([new QuotaConfig { Role = request.Role }], Force: true));
    }

    /// <summary>Every weight and quota set, for an allocator that starts empty.</summary>
    private void TellRoleConfig()
    {
        if (_registry.Weights.Count > 0) TellAllocator(new WeightsUpdated(_registry.Weights));
        foreach (var config in _registry.Quotas.Values) TellAllocator(new QuotaUpdated(config.Role, QuotaOf(config)));
    }

    /// <summary>Why the guarantees after <paramref name="update"/> cannot all be met by the registered agents, or null.</summary>
    private string? ExceedsCapacity(IReadOnlyList<QuotaConfig> update)
    {
        var updated = update.Select(c => c.Role).ToHashSet(StringComparer.Ordinal);
        // Only top-level roles count: a child's guarantee is part of its parent's.
        var guarantees = _registry.Quotas.Values.Where(c => !updated.Contains(c.Role)).Concat(update)
            .Where(c => RoleNames.Parent(c.Role) is null)
            .SelectMany(c => c.Guarantees)
            .GroupBy(pair => pair.Key, pair => pair.Value.Value, StringComparer.Ordinal);
        var capacity = _agents.Values.Where(a => a.Reachable).Aggregate(Resources.Empty, (sum, agent) => sum + agent.Total);
        foreach (var guarantee in guarantees)
        {
            var total = guarantee.Sum();
            if (total > capacity.Scalar(guarantee.Key))
            {
                return $"Quota guarantees of '{guarantee.Key}' ({total}) exceed what the cluster holds ({capacity.Scalar(guarantee.Key)}); use 'force' to set them anyway";
            }
        }

        return null;
    }

    private static Quota QuotaOf(QuotaConfig config) => new(Quantities(config.Guarantees), Quantities(config.Limits));

    private static ResourceQuantities Quantities(IDictionary<string, V1.Value.Types.Scalar> amounts) =>
        ResourceQuantities.Of(amounts.ToDictionary(pair => pair.Key, pair => pair.Value.Value, StringComparer.Ordinal));
}
