using Mesos.Actors.Allocator.Compact;
using Mesos.V1;

namespace Mesos.Actors.Allocator;

// Dynamic reservations: RESERVE and UNRESERVE applied to an agent's total, on resources nobody
// holds (an operator's call) or on resources a framework holds (an accepted offer).
internal sealed partial class HierarchicalAllocator
{
    /// <summary>Applies RESERVE/UNRESERVE to unheld resources of the agent (Mesos' <c>updateAvailable</c>).</summary>
    /// <returns>False, with the reason, when an operation is invalid or the resources are not available; nothing changes then.</returns>
    public bool TryUpdateAvailable(string agentId, IReadOnlyList<Offer.Types.Operation> operations, out string? error)
    {
        ArgumentNullException.ThrowIfNull(operations);
        var agent = KnownAgent(agentId);
        var available = agent.Available;
        var total = agent.Total;
        if (!Convert(operations, ref available, ref total, out error)) return false;
        SetTotal(agent, total);
        SetAvailable(agent, available);
        return true;
    }

    /// <summary>Applies RESERVE/UNRESERVE to what the framework holds on the agent under the role (Mesos' <c>updateAllocation</c>).</summary>
    /// <returns>False, with the reason, when an operation is invalid or the framework does not hold the resources; nothing changes then.</returns>
    public bool TryUpdateAllocation(string frameworkId, string agentId, string role, IReadOnlyList<Offer.Types.Operation> operations, out string? error)
    {
        ArgumentNullException.ThrowIfNull(operations);
        var agent = KnownAgent(agentId);
        var holding = _frameworks.TryGetValue(frameworkId, out var framework) && _roles.Find(role) is { } node ? agent.Find(framework, node) : null;
        if (holding is null)
        {
            error = $"Framework '{frameworkId}' holds nothing on agent '{agentId}' under role '{role}'";
            return false;
        }

        var held = holding.Resources;
        var total = agent.Total;
        if (!Convert(operations, ref held, ref total, out error)) return false;
        Count(holding, holding.Resources, -1);
        holding.Resources = held;
        Count(holding, held, 1, newAllocation: false);
        SetTotal(agent, total);
        if (holding.Client is { } client) Reposition(client);
        return true;
    }

    private bool Convert(IReadOnlyList<Offer.Types.Operation> operations, ref Bundle from, ref Bundle total, out string? error)
    {
        if (ReservationConversion.Of(operations, out error) is not { } conversions) return false;
        foreach (var conversion in conversions)
        {
            var consumed = _kinds.ToBundle(conversion.Consumed);
            var converted = _kinds.ToBundle(conversion.Converted);
            if (!from.Contains(consumed))
            {
                error = $"{conversion.Consumed} is not there to convert";
                return false;
            }

            from = Bundle.Add(Bundle.Subtract(from, consumed), converted);
            total = Bundle.Add(Bundle.Subtract(total, consumed), converted);
        }

        return true;
    }
}
