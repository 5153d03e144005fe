using Mesos.Internal.Registry;
using Mesos.V1;
using Mesos.V1.Quota;

namespace Mesos.Actors.Master.Registrar;

/// <summary>
/// A change the master asks of its registry, as Mesos' registry operations are. Decided against the
/// registry as it stands, it gives the events to persist (none when the registry already holds the
/// change) or why the registry refuses it. The master decides first on its copy, to refuse or skip
/// at once; the registry actor decides again on its own, which is the one that counts.
/// </summary>
public abstract record RegistryOperation
{
    public abstract RegistryDecision Decide(Registry registry, RegistryRules rules, DateTimeOffset now);

    protected static RegistryDecision Persist(RegistryEvent e) => new([e], null);

    protected static RegistryDecision Unchanged { get; } = new([], null);

    protected static RegistryDecision Refuse(string reason) => new([], reason);
}

/// <summary>What the registry does for an operation: persist these events, or refuse (then <see cref="Refusal"/> says why).</summary>
public sealed record RegistryDecision(IReadOnlyList<RegistryEvent> Events, string? Refusal);

/// <summary>The registry's flags: --registry_strict, --registry_max_agent_age, --registry_max_agent_count.</summary>
public sealed record RegistryRules(bool Strict, TimeSpan MaxAgentAge, int MaxAgentCount);

/// <summary>A master incarnation takes the registry over: the epoch after the last one.</summary>
public sealed record StartEpoch(string MasterId) : RegistryOperation
{
    public override RegistryDecision Decide(Registry registry, RegistryRules rules, DateTimeOffset now) =>
        Persist(new RegistryEvent { EpochStarted = new EpochStarted { Epoch = registry.Epoch + 1, MasterId = MasterId, Time = RegistryTime.Of(now) } });
}

/// <summary>An agent registers for the first time, with the id the master gave it.</summary>
public sealed record AdmitAgent(AgentInfo Info) : RegistryOperation
{
    public override RegistryDecision Decide(Registry registry, RegistryRules rules, DateTimeOffset now)
    {
        var id = Info.Id.Value;
        return registry.Admitted.ContainsKey(id) || registry.Unreachable.ContainsKey(id) || registry.Gone.ContainsKey(id)
            ? Refuse($"Agent {id} is already in the registry")
            : Persist(new RegistryEvent { AgentAdmitted = new AgentAdmitted { Info = Info.Clone() } });
    }
}

/// <summary>
/// An agent registers again with its id: after a master failover (admitted: nothing to write unless its
/// info changed), after it was unreachable, or unknown to the registry, which a strict registry refuses.
/// A gone agent never comes back.
/// </summary>
public sealed record ReadmitAgent(AgentInfo Info) : RegistryOperation
{
    public override RegistryDecision Decide(Registry registry, RegistryRules rules, DateTimeOffset now)
    {
        var id = Info.Id.Value;
        if (registry.Gone.ContainsKey(id)) return Refuse($"Agent {id} has been marked gone");
        if (registry.Admitted.TryGetValue(id, out var admitted) && admitted.Equals(Info)) return Unchanged;
        if (rules.Strict && !registry.Admitted.ContainsKey(id) && !registry.Unreachable.ContainsKey(id))
        {
            return Refuse($"Agent {id} is not in the registry, and the registry is strict");
        }
        return Persist(new RegistryEvent { AgentAdmitted = new AgentAdmitted { Info = Info.Clone() } });
    }
}

/// <summary>An agent stopped answering (or did not come back after a failover).</summary>
public sealed record MarkAgentUnreachable(AgentID AgentId) : RegistryOperation
{
    public override RegistryDecision Decide(Registry registry, RegistryRules rules, DateTimeOffset now)
    {
        var id = AgentId.Value;
        if (registry.Unreachable.ContainsKey(id)) return Unchanged;
        if (registry.Gone.ContainsKey(id)) return Refuse($"Agent {id} has been marked gone");
        if (rules.Strict && !registry.Admitted.ContainsKey(id)) return Refuse($"Agent {id} is not in the registry, and the registry is strict");
        return Persist(new RegistryEvent { AgentUnreachable = new AgentMarked { AgentId = AgentId.Clone(), Time = RegistryTime.Of(now) } });
    }
}

/// <summary>An operator declared an agent gone for good (MARK_AGENT_GONE).</summary>
public sealed record MarkAgentGone(AgentID AgentId) : RegistryOperation
{
    public override RegistryDecision Decide(Registry registry, RegistryRules rules, DateTimeOffset now)
    {
        var id = AgentId.Value;
        if (registry.Gone.ContainsKey(id)) return Unchanged;
        if (!registry.Admitted.ContainsKey(id) && !registry.Unreachable.ContainsKey(id)) return Refuse($"Agent {id} is not in the registry");
        return Persist(new RegistryEvent { AgentGone = new AgentMarked { AgentId = AgentId.Clone(), Time = RegistryTime.Of(now) } });
    }
}

/// <summary>
/// Forgets unreachable and gone agents older than --registry_max_agent_age, and the oldest of each list
/// beyond --registry_max_agent_count, as Mesos' registry garbage collection does.
/// </summary>
public sealed record PruneAgents : RegistryOperation
{
    public override RegistryDecision Decide(Registry registry, RegistryRules rules, DateTimeOffset now)
    {
        var pruned = new AgentsPruned
        {
            Unreachable = { Prunable(registry.Unreachable, rules, now).Select(id => new AgentID { Value = id }) },
            Gone = { Prunable(registry.Gone, rules, now).Select(id => new AgentID { Value = id }) },
        };
        return pruned.Unreachable.Count + pruned.Gone.Count == 0 ? Unchanged : Persist(new RegistryEvent { AgentsPruned = pruned });
    }

    private static IEnumerable<string> Prunable(IReadOnlyDictionary<string, DateTimeOffset> marked, RegistryRules rules, DateTimeOffset now)
    {
        var oldestFirst = marked.OrderBy(pair => pair.Value).ThenBy(pair => pair.Key, StringComparer.Ordinal).ToList();
        var excess = Math.Max(0, oldestFirst.Count - rules.MaxAgentCount);
        return oldestFirst.Where((pair, index) => index < excess || now - pair.Value > rules.MaxAgentAge).Select(pair => pair.Key);
    }
}

/// <summary>A framework subscribed (added), or subscribed again or updated with a different info.</summary>
public sealed record RecordFramework(FrameworkInfo Info) : RegistryOperation
{
    public override RegistryDecision Decide(Registry registry, RegistryRules rules, DateTimeOffset now)
    {
        if (!registry.Frameworks.TryGetValue(Info.Id.Value, out var known)) return Persist(new RegistryEvent { FrameworkAdded = Info.Clone() });
        return known.Equals(Info) ? Unchanged : Persist(new RegistryEvent { FrameworkUpdated = Info.Clone() });
    }
}

/// <summary>A framework was torn down or its failover timeout passed.</summary>
public sealed record ForgetFramework(FrameworkID FrameworkId) : RegistryOperation
{
    public override RegistryDecision Decide(Registry registry, RegistryRules rules, DateTimeOffset now) =>
        registry.Frameworks.ContainsKey(FrameworkId.Value)
            ? Persist(new RegistryEvent { FrameworkRemoved = new FrameworkRemoved { FrameworkId = FrameworkId.Clone() } })
            : Unchanged;
}

/// <summary>
/// A framework's scheduler disconnected (<paramref name="Connected"/> false: its failover timeout counts from
/// now) or subscribed again; only frameworks the registry holds are marked.
/// </summary>
public sealed record MarkFrameworkConnection(FrameworkID FrameworkId, bool Connected) : RegistryOperation
{
    public override RegistryDecision Decide(Registry registry, RegistryRules rules, DateTimeOffset now)
    {
        var id = FrameworkId.Value;
        if (!registry.Frameworks.ContainsKey(id) || registry.Disconnected.ContainsKey(id) != Connected) return Unchanged;
        var marked = new FrameworkMarked { FrameworkId = FrameworkId.Clone(), Time = RegistryTime.Of(now) };
        return Persist(Connected ? new RegistryEvent { FrameworkConnected = marked } : new RegistryEvent { FrameworkDisconnected = marked });
    }
}

/// <summary>UPDATE_WEIGHTS, validated by the master.</summary>
public sealed record SetWeights(IReadOnlyList<WeightInfo> Weights) : RegistryOperation
{
    public override RegistryDecision Decide(Registry registry, RegistryRules rules, DateTimeOffset now) =>
        Weights.All(w => registry.Weights.TryGetValue(w.Role, out var weight) && weight == w.Weight)
            ? Unchanged
            : Persist(new RegistryEvent { WeightsUpdated = new WeightsUpdated { Weights = { Weights.Select(w => w.Clone()) } } });
}

/// <summary>UPDATE_QUOTA (and SET_QUOTA, REMOVE_QUOTA), validated by the master; an empty config removes the role's quota.</summary>
public sealed record SetQuotas(IReadOnlyList<QuotaConfig> Configs) : RegistryOperation
{
    public override RegistryDecision Decide(Registry registry, RegistryRules rules, DateTimeOffset now) =>
        Persist(new RegistryEvent { QuotaUpdated = new QuotaUpdated { Configs = { Configs.Select(c => c.Clone()) } } });
}
