using Mesos.Actors.Allocator.Sorting;
using Mesos.Actors.Allocator.State;

namespace Mesos.Actors.Allocator;

// Frameworks: added, removed, (de)activated, updated; offers suppressed and revived per role.
internal sealed partial class HierarchicalAllocator
{
    /// <summary>
    /// Adds a framework. Resources that agents reported it holding (see <see cref="AddAgent"/>) count
    /// for it from now on. An inactive framework is offered nothing until <see cref="ActivateFramework"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The framework is already added.</exception>
    public void AddFramework(string frameworkId, FrameworkSpec spec, bool active = true)
    {
        ArgumentNullException.ThrowIfNull(frameworkId);
        ArgumentNullException.ThrowIfNull(spec);
        if (!_frameworks.TryGetValue(frameworkId, out var framework))
        {
            framework = new AllocatorFramework(frameworkId);
            _frameworks.Add(frameworkId, framework);
        }
        else if (framework.Added)
        {
            throw new InvalidOperationException($"Framework '{frameworkId}' is already added");
        }

        framework.Added = true;
        framework.Active = active;
        Subscribe(framework, spec);
        if (framework.HoldingCount > 0) CountReportedHoldings(framework);
        foreach (var client in framework.Clients.Values.ToList()) UpdateActivity(client);
    }

    /// <summary>Removes a framework; everything it holds goes back to its agents.</summary>
    public void RemoveFramework(string frameworkId)
    {
        var framework = Framework(frameworkId);
        foreach (var agent in _agentsById.Values)
        {
            for (var i = agent.Holdings.Count - 1; i >= 0 && framework.HoldingCount > 0; i--)
            {
                var holding = agent.Holdings[i];
                if (holding.Framework == framework) Release(agent, holding, holding.Resources);
            }
        }

        framework.Roles.Clear();
        foreach (var client in framework.Clients.Values.ToList()) TryDropClient(client);
        _frameworks.Remove(frameworkId);
    }

    public void ActivateFramework(string frameworkId)
    {
        var framework = Framework(frameworkId);
        framework.Active = true;
        foreach (var client in framework.Clients.Values) UpdateActivity(client);
    }

    /// <summary>Offers nothing more to the framework; its holdings stay, its filters go (as in Mesos).</summary>
    public void DeactivateFramework(string frameworkId)
    {
        var framework = Framework(frameworkId);
        framework.Active = false;
        foreach (var client in framework.Clients.Values)
        {
            DropFilters(client);
            UpdateActivity(client);
        }
    }

    /// <summary>New roles, capabilities or suppressed roles; filters of roles left or revived are dropped.</summary>
    public void UpdateFramework(string frameworkId, FrameworkSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var framework = Framework(frameworkId);
        var oldRoles = framework.Roles.ToList();
        var oldSuppressed = framework.Suppressed.ToList();
        Subscribe(framework, spec);
        foreach (var role in oldRoles.Where(r => !framework.Roles.Contains(r))) ClearFilters(framework, role);
        foreach (var role in oldSuppressed.Where(r => framework.Roles.Contains(r) && !framework.Suppressed.Contains(r))) ClearFilters(framework, role);
        foreach (var client in framework.Clients.Values.ToList())
        {
            UpdateActivity(client);
            TryDropClient(client);
        }
    }

    /// <summary>Stops offers to the framework under <paramref name="roles"/> (all its roles when empty or null).</summary>
    public void SuppressOffers(string frameworkId, IReadOnlyCollection<string>? roles = null)
    {
        var framework = Framework(frameworkId);
        foreach (var role in RolesOf(framework, roles))
        {
            framework.Suppressed.Add(role);
            UpdateActivity(framework.Clients[role]);
        }
    }

    /// <summary>Resumes offers under <paramref name="roles"/> (all its roles when empty or null) and drops their filters.</summary>
    public void ReviveOffers(string frameworkId, IReadOnlyCollection<string>? roles = null)
    {
        var framework = Framework(frameworkId);
        foreach (var role in RolesOf(framework, roles))
        {
            framework.Suppressed.Remove(role);
            ClearFilters(framework, role);
            UpdateActivity(framework.Clients[role]);
        }
    }

    private List<RoleNode> RolesOf(AllocatorFramework framework, IReadOnlyCollection<string>? roles) =>
        roles is null || roles.Count == 0
            ? framework.Roles.ToList()
            : roles.Select(r => _roles.Find(r)).OfType<RoleNode>().Where(framework.Roles.Contains).ToList();

    private void ClearFilters(AllocatorFramework framework, RoleNode role)
    {
        if (framework.Clients.TryGetValue(role, out var client)) DropFilters(client);
    }

    private void Subscribe(AllocatorFramework framework, FrameworkSpec spec)
    {
        Unsettle();
        framework.Capabilities = spec.Capabilities;
        framework.Roles.Clear();
        foreach (var role in spec.Roles) framework.Roles.Add(_roles.Intern(role));
        framework.Suppressed.Clear();
        foreach (var role in spec.SuppressedRoles ?? [])
        {
            if (_roles.Find(role) is { } node && framework.Roles.Contains(node)) framework.Suppressed.Add(node);
        }

        framework.MinimumOffers.Clear();
        foreach (var (role, minimum) in spec.MinAllocatableResources ?? new Dictionary<string, IReadOnlyList<ResourceQuantities>>())
        {
            framework.MinimumOffers[_roles.Intern(role)] = new MinimumOffer(minimum, _kinds.Dims);
        }

        foreach (var role in framework.Roles) Client(framework, role);
    }

    // Resources agents reported before the framework was added start counting in the sorters now.
    private void CountReportedHoldings(AllocatorFramework framework)
    {
        foreach (var agent in _agentsById.Values)
        {
            foreach (var holding in agent.Holdings)
            {
                if (holding.Framework != framework || holding.Client is not null) continue;
                var client = Client(framework, holding.Role);
                holding.Client = client;
                client.Holdings++;
                Count(holding, holding.Resources, 1);
                Reposition(client);
            }
        }
    }
}
