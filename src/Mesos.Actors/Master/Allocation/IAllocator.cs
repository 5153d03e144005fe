using Mesos.Actors.Protocol;

namespace Mesos.Actors.Master.Allocation;

/// <summary>An agent's resources that are neither used nor offered.</summary>
internal sealed record AgentSupply(string AgentId, Resources Available);

/// <summary>
/// A framework that may receive offers, with what it holds now (tasks and outstanding offers) and how
/// many offers it has been made so far, which takes turns between frameworks holding equal shares.
/// </summary>
internal sealed record FrameworkDemand(string FrameworkId, string Role, Resources Allocated, IReadOnlySet<string> DeclinedAgents, long OffersMade);

/// <summary>Resources of one agent for one framework, offered for one role.</summary>
internal sealed record Allocation(string FrameworkId, string AgentId, string Role, Resources Resources);

/// <summary>
/// Decides who is offered what in one allocation round: a pure function of the state it is given
/// (no actors, no clock), so that allocators can be tested and benchmarked alone.
/// </summary>
internal interface IAllocator
{
    IReadOnlyList<Allocation> Allocate(IReadOnlyList<AgentSupply> agents, IReadOnlyList<FrameworkDemand> frameworks);
}
