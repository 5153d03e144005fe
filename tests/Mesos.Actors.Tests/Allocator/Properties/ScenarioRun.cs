using Mesos.Actors.Allocator;
using Mesos.Actors.Protocol;
using Mesos.V1;

namespace Mesos.Actors.Tests.Allocator.Properties;

/// <summary>
/// Plays a <see cref="Scenario"/> against the allocator while keeping its own ledger of what every
/// framework was offered and has not given back, the filters it asked for and the roles it
/// suppressed; after every step it checks the allocator against that ledger.
/// </summary>
internal sealed class ScenarioRun
{
    private readonly Scenario _scenario;
    private readonly HierarchicalAllocator _allocator;
    private readonly List<Held> _held = [];
    private readonly List<Filter> _filters = [];
    private readonly List<string> _agents = [];
    private readonly Dictionary<string, AgentDef> _definitions = [];
    private readonly HashSet<string> _inactive = [];
    private readonly HashSet<string> _suppressed = [];
    private DateTimeOffset _now = AllocatorTestKit.T0;
    private int _step;
    private int _agentsMade;

    public ScenarioRun(Scenario scenario)
    {
        _scenario = scenario;
        _allocator = new HierarchicalAllocator(new AllocatorOptions { Seed = scenario.Seed });
        foreach (var quota in scenario.Quotas)
        {
            _allocator.UpdateQuota(quota.Role, new Quota(Cpus(quota.GuaranteedCpus), Cpus(quota.LimitedCpus)));
        }

        for (var i = 0; i < scenario.Frameworks.Length; i++)
        {
            var framework = scenario.Frameworks[i];
            var capabilities = FrameworkCapabilities.MultiRole | (framework.Refinement ? FrameworkCapabilities.ReservationRefinement : 0);
            _allocator.AddFramework(FrameworkId(i), new FrameworkSpec(framework.Roles, capabilities));
        }

        foreach (var agent in scenario.Agents) AddAgent(agent);
    }

    private sealed record Held(string Framework, string Agent, string Role, Resources Resources, Mesos.Actors.Allocator.Allocation? Offer);

    private sealed record Filter(string Framework, string Role, string Agent, Resources Refused, DateTimeOffset Until);

    public bool Run()
    {
        foreach (var step in _scenario.Steps)
        {
            _step++;
            Apply(step);
            CheckNothingIsHeldTwice();
        }

        return true;
    }

    private static string FrameworkId(int index) => $"f{index}";

    private static ResourceQuantities Cpus(int cpus) =>
        ResourceQuantities.Of(new Dictionary<string, double> { ["cpus"] = cpus });

    private static bool InSubtree(string role, string of) => role == of || role.StartsWith(of + "/", StringComparison.Ordinal);

    private void Apply(Step step)
    {
        switch (step)
        {
            case AllocateStep allocate:
                _now += TimeSpan.FromSeconds(allocate.Seconds);
                Allocate();
                break;
            case DeclineStep decline when _held.Count > 0:
                Decline(_held[decline.Pick % _held.Count], Scenarios.RefuseSeconds[decline.Refuse], decline.Whole);
                break;
            case FinishCpusStep finish when _held.Count > 0:
                FinishCpus(_held[finish.Pick % _held.Count]);
                break;
            case SuppressStep suppress:
                var suppressed = Framework(suppress.Framework);
                _allocator.SuppressOffers(suppressed);
                _suppressed.Add(suppressed);
                break;
            case ReviveStep revive:
                var revived = Framework(revive.Framework);
                _allocator.ReviveOffers(revived);
                _suppressed.Remove(revived);
                _filters.RemoveAll(f => f.Framework == revived);
                break;
            case ToggleStep toggle:
                Toggle(Framework(toggle.Framework));
                break;
            case ReplaceAgentStep replace:
                ReplaceAgent(_agents[replace.Pick % _agents.Count]);
                break;
            case ReserveStep reserve:
                Reserve(_agents[reserve.Agent % _agents.Count], Scenarios.Roles[reserve.Role]);
                break;
        }
    }

    private string Framework(int pick) => FrameworkId(pick % _scenario.Frameworks.Length);

    private void AddAgent(AgentDef definition)
    {
        var id = $"agent{_agentsMade++}";
        _allocator.AddAgent(id, Resources.Parse(definition.Text));
        _agents.Add(id);
        _definitions[id] = definition;
    }

    private void Allocate()
    {
        var quotas = _scenario.Quotas.GroupBy(q => q.Role).Select(g => g.Last()).ToList();
        var before = quotas.ToDictionary(q => q.Role, q => ConsumedCpus(q.Role));
        foreach (var offer in _allocator.Allocate(_now))
        {
            CheckOfferIsAllowed(offer);
            _held.Add(new Held(offer.FrameworkId, offer.AgentId, offer.Role, offer.Resources, offer));
        }

        CheckWhatCanBeOfferedWasOffered();

        foreach (var quota in quotas)
        {
            var after = ConsumedCpus(quota.Role);
            Expect(after <= Math.Max(quota.LimitedCpus, before[quota.Role]) + 1e-9,
                $"role {quota.Role} consumes {after} cpus, beyond its limit {quota.LimitedCpus} (was {before[quota.Role]})");
        }
    }

    private void CheckOfferIsAllowed(Mesos.Actors.Allocator.Allocation offer)
    {
        var framework = _scenario.Frameworks[int.Parse(offer.FrameworkId[1..], System.Globalization.CultureInfo.InvariantCulture)];
        Expect(framework.Roles.Contains(offer.Role), $"{offer} is for a role the framework has not subscribed to");
        Expect(!_inactive.Contains(offer.FrameworkId), $"{offer} went to an inactive framework");
        Expect(!_suppressed.Contains(offer.FrameworkId), $"{offer} went to a framework suppressing offers");
        Expect(offer.Resources.Scalar("cpus") >= 0.01 || offer.Resources.Scalar("mem") >= 32, $"{offer} is below the minimum allocatable resources");
        foreach (var resource in offer.Resources.ToProtos())
        {
            if (resource.Reservations.Count == 0) continue;
            Expect(InSubtree(offer.Role, resource.Reservations[^1].Role), $"{offer} hands a reservation of {resource.Reservations[^1].Role} to {offer.Role}");
            Expect(resource.Reservations.Count == 1 || framework.Refinement, $"{offer} hands a refined reservation to a framework without RESERVATION_REFINEMENT");
        }

        foreach (var filter in _filters)
        {
            Expect(!(filter.Framework == offer.FrameworkId && filter.Role == offer.Role && filter.Agent == offer.AgentId
                     && _now < filter.Until && filter.Refused.Contains(offer.Resources)),
                $"{offer} was refused until {filter.Until:HH:mm:ss.fff} ({filter.Refused})");
        }
    }

    // Liveness: after a round, nothing an active framework could take in one of its roles is left
    // unoffered, unless a filter it set refuses it. Quota's limits and headroom hold resources back
    // by design, so scenarios with quota are judged by the safety checks alone.
    private void CheckWhatCanBeOfferedWasOffered()
    {
        if (_scenario.Quotas.Length > 0) return;
        foreach (var agent in _agents)
        {
            var available = _allocator.Available(agent).ToProtos();
            for (var i = 0; i < _scenario.Frameworks.Length; i++)
            {
                var framework = _scenario.Frameworks[i];
                var id = FrameworkId(i);
                if (_inactive.Contains(id) || _suppressed.Contains(id)) continue;
                foreach (var role in framework.Roles)
                {
                    var offerable = Resources.FromProtos(available.Where(r => r.Reservations.Count == 0
                        || (InSubtree(role, r.Reservations[^1].Role) && (r.Reservations.Count == 1 || framework.Refinement))));
                    if (offerable.Scalar("cpus") < 0.01 && offerable.Scalar("mem") < 32) continue;
                    var refused = _filters.Any(f => f.Framework == id && f.Role == role && f.Agent == agent && _now < f.Until && f.Refused.Contains(offerable));
                    Expect(refused, $"{offerable} on {agent} was left unoffered although {id} could take it in role {role}");
                }
            }
        }
    }

    private void Decline(Held held, double? refuse, bool whole)
    {
        if (whole && held.Offer is { } offer) _allocator.RecoverResources(offer, _now, refuse);
        else _allocator.RecoverResources(held.Framework, held.Agent, held.Role, held.Resources, _now, refuse);
        _held.Remove(held);
        if (refuse is { } seconds && seconds != 0)
        {
            _filters.Add(new Filter(held.Framework, held.Role, held.Agent, held.Resources, _now + TimeSpan.FromSeconds(Math.Max(1, seconds))));
        }
    }

    private void FinishCpus(Held held)
    {
        var cpus = held.Resources.Filter(r => r.Name == "cpus" && r.Reservations.Count == 0);
        if (cpus.IsEmpty) return;
        _allocator.RecoverResources(held.Framework, held.Agent, held.Role, cpus, _now);
        _held.Remove(held);
        var rest = held.Resources - cpus;
        if (!rest.IsEmpty) _held.Add(held with { Resources = rest, Offer = null });
    }

    private void Toggle(string framework)
    {
        if (_inactive.Remove(framework))
        {
            _allocator.ActivateFramework(framework);
            return;
        }

        _allocator.DeactivateFramework(framework);
        _inactive.Add(framework);
        _filters.RemoveAll(f => f.Framework == framework);
    }

    private void ReplaceAgent(string agent)
    {
        _allocator.RemoveAgent(agent);
        _held.RemoveAll(h => h.Agent == agent);
        _filters.RemoveAll(f => f.Agent == agent);
        _agents.Remove(agent);
        AddAgent(_definitions[agent]);
    }

    private void Reserve(string agent, string role)
    {
        var resource = Resources.Parse("cpus:1").ToProtos()[0];
        resource.Reservations.Add(new Resource.Types.ReservationInfo { Type = Resource.Types.ReservationInfo.Types.Type.Dynamic, Role = role, Principal = "ops" });
        var operation = new Offer.Types.Operation
        {
            Type = Offer.Types.Operation.Types.Type.Reserve,
            Reserve = new Offer.Types.Operation.Types.Reserve { Resources = { resource } },
        };
        var total = _allocator.Total(agent);
        var applied = _allocator.TryUpdateAvailable(agent, [operation], out _);
        var reserved = _allocator.Total(agent).Reserved(role).Scalar("cpus") - total.Reserved(role).Scalar("cpus");
        Expect(applied ? reserved == 1 : _allocator.Total(agent) == total, $"reserving one cpu for {role} (applied: {applied}) changed the total from {total} to {_allocator.Total(agent)}");
    }

    // Quota consumption as Mesos counts it, from the ledger: reservations in the role's subtree plus its unreserved holdings.
    private double ConsumedCpus(string role) =>
        _agents.Sum(agent => _allocator.Total(agent).Filter(r => r.Reservations.Count > 0 && InSubtree(r.Reservations[^1].Role, role)).Scalar("cpus"))
        + _held.Where(h => InSubtree(h.Role, role)).Sum(h => h.Resources.Unreserved().Scalar("cpus"));

    // What is available and what the ledger holds must add up to each agent's total, ports never counted twice.
    private void CheckNothingIsHeldTwice()
    {
        foreach (var agent in _agents)
        {
            var parts = _held.Where(h => h.Agent == agent).Select(h => h.Resources).Append(_allocator.Available(agent)).ToList();
            var sum = parts.Aggregate(Resources.Empty, (a, b) => a + b);
            Expect(sum == _allocator.Total(agent), $"on {agent} available and held add up to {sum}, not the total {_allocator.Total(agent)}");
            Expect(parts.Sum(PortCount) == PortCount(sum), $"on {agent} a port is offered twice");
        }
    }

    private static long PortCount(Resources resources) =>
        resources.Ranges("ports").Sum(range => (long)(range.End - range.Begin + 1));

    private void Expect(bool condition, string what)
    {
        if (!condition) throw new InvalidOperationException($"step {_step} of {_scenario.Steps.Length} ({_scenario.Steps[_step - 1]}): {what}");
    }
}
