using Mesos.Actors.Allocator;
using Mesos.Actors.Protocol;
using Akka.Actor;
using Mesos.V1;

namespace Mesos.Actors.Master.Allocation;

/// <summary>
/// What the master tells its allocator. Each change applies itself to the pure core; the actor then
/// runs a prompt allocation round, so changes between two rounds are batched.
/// </summary>
internal abstract record AllocatorChange
{
    public abstract void Apply(HierarchicalAllocator allocator, DateTimeOffset now);
}

internal sealed record FrameworkAdded(string FrameworkId, FrameworkSpec Spec, bool Active) : AllocatorChange
{
    public override void Apply(HierarchicalAllocator allocator, DateTimeOffset now) => allocator.AddFramework(FrameworkId, Spec, Active);
}

/// <summary>A framework subscribed again, disconnected, or changed its FrameworkInfo.</summary>
internal sealed record FrameworkUpdated(string FrameworkId, FrameworkSpec Spec, bool Active) : AllocatorChange
{
    public override void Apply(HierarchicalAllocator allocator, DateTimeOffset now)
    {
        allocator.UpdateFramework(FrameworkId, Spec);
        if (Active) allocator.ActivateFramework(FrameworkId);
        else allocator.DeactivateFramework(FrameworkId);
    }
}

/// <summary>A framework connected again (<paramref name="Active"/>) or lost its connection: offers only go to active ones.</summary>
internal sealed record FrameworkActivation(string FrameworkId, bool Active) : AllocatorChange
{
    public override void Apply(HierarchicalAllocator allocator, DateTimeOffset now)
    {
        if (Active) allocator.ActivateFramework(FrameworkId);
        else allocator.DeactivateFramework(FrameworkId);
    }
}

internal sealed record FrameworkRemoved(string FrameworkId) : AllocatorChange
{
    public override void Apply(HierarchicalAllocator allocator, DateTimeOffset now) => allocator.RemoveFramework(FrameworkId);
}

/// <summary>SUPPRESS (<paramref name="Suppress"/>) or REVIVE, for the roles named, or every role of the framework.</summary>
internal sealed record OffersToggled(string FrameworkId, IReadOnlyCollection<string> Roles, bool Suppress) : AllocatorChange
{
    public override void Apply(HierarchicalAllocator allocator, DateTimeOffset now)
    {
        var roles = Roles.Count > 0 ? Roles : null;
        if (Suppress) allocator.SuppressOffers(FrameworkId, roles);
        else allocator.ReviveOffers(FrameworkId, roles);
    }
}

internal sealed record AgentAdded(string AgentId, Resources Total, IReadOnlyList<ResourceUse> Used) : AllocatorChange
{
    public override void Apply(HierarchicalAllocator allocator, DateTimeOffset now) => allocator.AddAgent(AgentId, Total, Used);
}

/// <summary>An agent's connection closed: nothing of it is offered until it registers again (and is added afresh).</summary>
internal sealed record AgentDeactivated(string AgentId) : AllocatorChange
{
    public override void Apply(HierarchicalAllocator allocator, DateTimeOffset now) => allocator.DeactivateAgent(AgentId);
}

internal sealed record AgentRemoved(string AgentId) : AllocatorChange
{
    public override void Apply(HierarchicalAllocator allocator, DateTimeOffset now) => allocator.RemoveAgent(AgentId);
}

/// <summary>
/// Resources a framework held come back: an offer declined (with its filter), rescinded or partly
/// used, or the resources of a task or executor that ended.
/// </summary>
internal sealed record ResourcesRecovered(string FrameworkId, string AgentId, string Role, Resources Resources, double? RefuseSeconds) : AllocatorChange
{
    public override void Apply(HierarchicalAllocator allocator, DateTimeOffset now) =>
        allocator.RecoverResources(FrameworkId, AgentId, Role, Resources, now, RefuseSeconds);
}

/// <summary>RESERVE/UNRESERVE on resources a framework was offered and accepted.</summary>
internal sealed record AllocationConverted(string FrameworkId, string AgentId, string Role, Offer.Types.Operation Operation) : AllocatorChange
{
    public override void Apply(HierarchicalAllocator allocator, DateTimeOffset now)
    {
        if (!allocator.TryUpdateAllocation(FrameworkId, AgentId, Role, [Operation], out var error)) throw new InvalidOperationException(error);
    }
}

/// <summary>An operator's RESERVE/UNRESERVE on resources nobody holds; answered with <see cref="AvailableConverted"/>.</summary>
internal sealed record ConvertAvailable(string AgentId, Offer.Types.Operation Operation, IActorRef ReplyTo);

/// <summary>
/// Everything the master told its allocator in one turn, in order: changes and <see cref="ConvertAvailable"/>
/// requests. The allocator takes it whole before its next round, so that a round never sees half of what
/// the master did: offers rescinded for a reservation but not yet converted, an agent's offers recovered
/// but the agent not yet added again (which would offer the same resources twice).
/// </summary>
/// <param name="Sequence">The batch's number in the master's order, 1 for the first.</param>
internal sealed record AllocatorBatch(long Sequence, IReadOnlyList<object> Messages);

/// <summary>Whether <see cref="ConvertAvailable"/> was applied (no error) or why not.</summary>
internal sealed record AvailableConverted(ConvertAvailable Request, string? Error);

/// <summary>
/// The allocator failed and was restarted empty: the master hands it the whole cluster again, after
/// rescinding every outstanding offer (which the new allocator never made).
/// </summary>
internal sealed record AllocatorRestarted
{
    public static AllocatorRestarted Instance { get; } = new();
}

/// <summary>The allocator's answer to a round: offers to make, one per framework, agent and role.</summary>
/// <param name="AfterBatch">
/// The last batch the allocator had taken when it decided: an agent the master added afresh in a later
/// batch (its offers rescinded, the allocator told to forget it) is not to be offered from this decision.
/// </param>
internal sealed record ResourcesOffered(IReadOnlyList<Allocator.Allocation> Offers, long AfterBatch);

/// <summary>
/// The master recovered its registry: quotas as they were, and allocation paused until
/// --allocator_agent_recovery_factor of <paramref name="ExpectedAgents"/> are back or
/// --allocator_recovery_timeout passed (only when there is quota to protect, as in Mesos).
/// </summary>
internal sealed record RecoveryStarted(int ExpectedAgents, IReadOnlyDictionary<string, Quota> Quotas) : AllocatorChange
{
    public override void Apply(HierarchicalAllocator allocator, DateTimeOffset now) => allocator.StartRecovery(ExpectedAgents, Quotas, now);
}

/// <summary>
/// A round ran: how long it took, and how long it waited behind other messages once asked for
/// (Mesos' <c>allocator/mesos/allocation_run_ms</c> and <c>allocation_run_latency_ms</c>).
/// </summary>
internal sealed record AllocationRan(TimeSpan Run, TimeSpan Latency);

/// <summary>The operator set role weights.</summary>
internal sealed record WeightsUpdated(IReadOnlyDictionary<string, double> Weights) : AllocatorChange
{
    public override void Apply(HierarchicalAllocator allocator, DateTimeOffset now) => allocator.UpdateWeights(Weights);
}

/// <summary>The operator set a role's quota; <see cref="Quota.None"/> removes it.</summary>
internal sealed record QuotaUpdated(string Role, Quota Quota) : AllocatorChange
{
    public override void Apply(HierarchicalAllocator allocator, DateTimeOffset now) => allocator.UpdateQuota(Role, Quota);
}

/// <summary>The master's part of an <see cref="Operator.OfferDiagnosis"/>: the allocator adds its own and answers the sender.</summary>
internal sealed record CompleteDiagnosis(Operator.OfferDiagnosis Diagnosis);
