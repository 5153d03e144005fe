using Mesos.Actors.Allocator.Compact;
using Mesos.Actors.Allocator.State;
using Mesos.Actors.Protocol;

namespace Mesos.Actors.Allocator;

// Resources coming back (declined or unused offers, finished tasks), refusal filters, and the pause
// of allocation while agents re-register after a master failover.
internal sealed partial class HierarchicalAllocator
{
    private static readonly TimeSpan MaxRefuse = TimeSpan.FromDays(365);
    private const double DefaultRefuseSeconds = 5;

    private bool _paused;
    private int _expectedAgents;
    private long _resumeAt;

    /// <summary>
    /// Gives back what a framework held on an agent under <paramref name="role"/>: an offer declined or
    /// left unused, or resources of finished tasks. With <paramref name="refuseSeconds"/> (a DECLINE's
    /// <c>filters.refuse_seconds</c>) the framework is not offered these resources again on this agent
    /// under this role until the filter expires. Unknown frameworks, agents or resources are ignored.
    /// </summary>
    public void RecoverResources(string frameworkId, string agentId, string role, Resources resources, DateTimeOffset now, double? refuseSeconds = null)
    {
        ArgumentNullException.ThrowIfNull(resources);
        if (Agent(agentId) is not { } agent || !_frameworks.TryGetValue(frameworkId, out var framework) || _roles.Find(role) is not { } node) return;
        if (agent.Find(framework, node) is { } holding) Recover(agent, holding, _kinds.ToBundle(resources), now, refuseSeconds);
    }

    /// <summary>Gives back a whole offer made by <see cref="Allocate"/>, as <see cref="RecoverResources(string, string, string, Resources, DateTimeOffset, double?)"/>.</summary>
    public void RecoverResources(Allocation offer, DateTimeOffset now, double? refuseSeconds = null)
    {
        ArgumentNullException.ThrowIfNull(offer);
        if (Agent(offer.AgentId) is not { } agent || !_frameworks.TryGetValue(offer.FrameworkId, out var framework) || _roles.Find(offer.Role) is not { } node) return;
        if (agent.Find(framework, node) is { } holding) Recover(agent, holding, offer.Bundle, now, refuseSeconds);
    }

    /// <summary>
    /// After a master failover: applies the recovered quotas and, when there are any, pauses allocation
    /// until <see cref="AllocatorOptions.AgentRecoveryFactor"/> of <paramref name="expectedAgents"/> are
    /// added or <see cref="AllocatorOptions.RecoveryTimeout"/> has passed, so that guarantees are not
    /// decided on a partial view of the cluster.
    /// </summary>
    public void StartRecovery(int expectedAgents, IReadOnlyDictionary<string, Quota> quotas, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(quotas);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedAgents);
        foreach (var (role, quota) in quotas) UpdateQuota(role, quota);
        if (quotas.Count == 0) return;
        _expectedAgents = (int)(expectedAgents * _options.AgentRecoveryFactor);
        if (_expectedAgents == 0) return;
        _paused = true;
        _resumeAt = Ticks(now + _options.RecoveryTimeout);
        ResumeWhenAgentsAreBack();
    }

    public bool IsPaused(DateTimeOffset now) => Paused(Ticks(now));

    private bool Paused(long now)
    {
        if (_paused && now >= _resumeAt) _paused = false;
        return _paused;
    }

    private void ResumeWhenAgentsAreBack()
    {
        if (_paused && _agentsById.Count >= _expectedAgents) _paused = false;
    }

    private void Recover(AllocatorAgent agent, Holding holding, Bundle wanted, DateTimeOffset now, double? refuseSeconds)
    {
        var recovered = holding.HasPart(wanted) ? wanted : Bundle.Intersect(holding.Resources, wanted);
        if (recovered.IsEmpty) return;
        Release(agent, holding, recovered);
        if (refuseSeconds is not { } seconds || !holding.Framework.Clients.TryGetValue(holding.Role, out var client)) return;
        var duration = RefuseDuration(seconds);
        if (duration == TimeSpan.Zero) return;
        agent.Filters.Add(client.Id, client.FilterGeneration, Ticks(now + duration), recovered);
    }

    // As Mesos: negative means the default, more than a year means a year, and a filter lasts at least
    // one allocation interval so that it is still there at the next periodic round.
    private TimeSpan RefuseDuration(double seconds)
    {
        if (double.IsNaN(seconds) || seconds < 0) seconds = DefaultRefuseSeconds;
        if (seconds == 0) return TimeSpan.Zero;
        var duration = seconds >= MaxRefuse.TotalSeconds ? MaxRefuse : TimeSpan.FromSeconds(seconds);
        return duration < _options.AllocationInterval ? _options.AllocationInterval : duration;
    }
}
