using Mesos.Actors.Allocator.Compact;
using Mesos.Actors.Allocator.Sorting;
using Mesos.Actors.Allocator.State;

namespace Mesos.Actors.Allocator;

// The bookkeeping under every event: agents' totals and available resources, holdings, and what the
// sorters and the role tree count of them.
internal sealed partial class HierarchicalAllocator
{
    private void SetAvailable(AllocatorAgent agent, Bundle available)
    {
        _free.Add(agent.Available.Amounts, AmountSelection.QuotaEligible, -1);
        agent.SettledEpoch = -1;
        agent.Available = available;
        _free.Add(available.Amounts, AmountSelection.QuotaEligible);
    }

    private void SetTotal(AllocatorAgent agent, Bundle total)
    {
        CountTotal(agent.Total, -1);
        agent.Total = total;
        CountTotal(total, 1);
        agent.HasGpu = false;
        foreach (ref readonly var amount in total.Amounts) agent.HasGpu |= amount.Kind.IsGpu && amount.Millis > 0;
        InvalidateShares();
    }

    private void CountTotal(Bundle total, int sign)
    {
        _shares.Totals.Add(total.Amounts, AmountSelection.All, sign);
        foreach (ref readonly var amount in total.Amounts)
        {
            if (amount.Kind.Dim < 0) continue;
            for (var role = amount.Kind.ReservationRole; role is not null; role = role.Parent) role.Reserved.Add(amount.Kind.Dim, sign * amount.Millis);
        }
    }

    // Cluster totals or weights changed: every share is stale until the next refresh.
    private void InvalidateShares()
    {
        _sharesStale = true;
        _clients.Keys.Invalidate();
        _roles.Invalidate();
    }

    private void RefreshShares()
    {
        if (!_sharesStale) return;
        _shares.Refresh();
        foreach (var client in _clients.All()) _clients.Keys.Update(client.Id, _shares.Share(client.Allocation), client.AllocationCount);
        foreach (var role in _roles.All) role.Clients.Sort();
        _sharesStale = false;
    }

    private Holding Hold(AllocatorAgent agent, AllocatorFramework framework, RoleNode role, SorterClient? client, Bundle resources)
    {
        var holding = agent.Find(framework, role);
        if (holding is null)
        {
            holding = new Holding(framework, role, client, Bundle.Empty);
            agent.Holdings.Add(holding);
            framework.HoldingCount++;
            if (client is not null) client.Holdings++;
        }

        holding.Add(resources);
        Count(holding, resources, 1);
        return holding;
    }

    /// <summary>Returns <paramref name="resources"/> (which the holding has) to the agent.</summary>
    private void Release(AllocatorAgent agent, Holding holding, Bundle resources)
    {
        if (!holding.TryTakeBack(resources)) holding.Resources = Bundle.Subtract(holding.Resources, resources);
        SetAvailable(agent, Bundle.Add(agent.Available, resources));
        Count(holding, resources, -1);
        var client = holding.Client;
        if (holding.IsEmpty)
        {
            agent.Holdings.Remove(holding);
            holding.Framework.HoldingCount--;
            if (client is not null) client.Holdings--;
            else if (!holding.Framework.Added && holding.Framework.HoldingCount == 0) _frameworks.Remove(holding.Framework.Id);
        }

        if (client is null) return;
        Reposition(client);
        TryDropClient(client);
    }

    // What the sorters and the role tree count of a holding; nothing while its framework is not added.
    // A new allocation also counts one more allocation for the DRF tie-break; a conversion does not.
    private void Count(Holding holding, Bundle resources, int sign, bool newAllocation = true)
    {
        var client = holding.Client;
        if (client is null) return;
        var amounts = resources.Amounts;
        client.Allocation.Add(amounts, AmountSelection.All, sign);
        holding.Role.OwnAllocation.Add(amounts, AmountSelection.All, sign);
        if (sign > 0 && newAllocation)
        {
            client.AllocationCount++;
            holding.Role.OwnCount++;
        }

        for (var role = holding.Role; role is not null; role = role.Parent)
        {
            role.SubtreeAllocation.Add(amounts, AmountSelection.All, sign);
            role.HeldUnreserved.Add(amounts, AmountSelection.QuotaEligible, sign);
            if (sign > 0 && newAllocation) role.SubtreeCount++;
        }
    }

    private void Reposition(SorterClient client)
    {
        var share = _shares.Share(client.Allocation);
        if (client.Active) client.Role.Clients.Update(client.Id, share, client.AllocationCount);
        else _clients.Keys.Update(client.Id, share, client.AllocationCount);
        _roles.Reposition(client.Role, _shares);
    }

    private SorterClient Client(AllocatorFramework framework, RoleNode role)
    {
        if (framework.Clients.TryGetValue(role, out var client)) return client;
        client = _clients.Create(framework, role);
        framework.Clients.Add(role, client);
        _roles.Tracked(role, 1);
        return client;
    }

    // Mesos tracks a framework under a role while it is subscribed to it or holds resources under it.
    private void TryDropClient(SorterClient client)
    {
        if (client.Holdings > 0 || client.Framework.Roles.Contains(client.Role)) return;
        SetActive(client, false);
        client.Framework.Clients.Remove(client.Role);
        _roles.Tracked(client.Role, -1);
        DropFilters(client);
        _clients.Free(client);
    }

    private void UpdateActivity(SorterClient client)
    {
        var framework = client.Framework;
        SetActive(client, framework.Added && framework.Active && framework.Roles.Contains(client.Role) && !framework.Suppressed.Contains(client.Role));
    }

    private void SetActive(SorterClient client, bool active)
    {
        if (client.Active == active) return;
        client.Active = active;
        if (!active)
        {
            client.Role.Clients.Remove(client.Id);
            return;
        }

        _clients.Keys.Update(client.Id, _shares.Share(client.Allocation), client.AllocationCount);
        client.Role.Clients.Insert(client.Id);
        Unsettle();
    }

    private void DropFilters(SorterClient client)
    {
        client.FilterGeneration++;
        Unsettle();
    }

    // Something that may let an agent nobody could be offered be offered to someone: every agent is looked at again.
    private void Unsettle() => _epoch++;
}
