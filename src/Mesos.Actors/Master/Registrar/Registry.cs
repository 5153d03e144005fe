using System.Collections.Immutable;
using Mesos.Internal.Registry;
using Mesos.V1;
using Mesos.V1.Quota;

namespace Mesos.Actors.Master.Registrar;

/// <summary>
/// What the master's registry holds, as Mesos' does: the agents admitted (with their info), those
/// unreachable and gone (with when they became so), the frameworks, role weights and quotas, and the
/// epoch of the master incarnation that took it over last. Immutable: <see cref="Apply"/> returns the
/// registry after one event, so that replaying a journal and answering the master share one rule.
/// The protobuf values it holds are its own and never changed: readers clone what they keep.
/// </summary>
public sealed record Registry
{
    public static Registry Empty { get; } = new();

    public ulong Epoch { get; private init; }
    public string? MasterId { get; private init; }
    public ImmutableDictionary<string, AgentInfo> Admitted { get; private init; } = ImmutableDictionary.Create<string, AgentInfo>(StringComparer.Ordinal);
    public ImmutableDictionary<string, DateTimeOffset> Unreachable { get; private init; } = ImmutableDictionary.Create<string, DateTimeOffset>(StringComparer.Ordinal);
    public ImmutableDictionary<string, DateTimeOffset> Gone { get; private init; } = ImmutableDictionary.Create<string, DateTimeOffset>(StringComparer.Ordinal);
    public ImmutableDictionary<string, FrameworkInfo> Frameworks { get; private init; } = ImmutableDictionary.Create<string, FrameworkInfo>(StringComparer.Ordinal);
    public ImmutableDictionary<string, double> Weights { get; private init; } = ImmutableDictionary.Create<string, double>(StringComparer.Ordinal);
    public ImmutableDictionary<string, QuotaConfig> Quotas { get; private init; } = ImmutableDictionary.Create<string, QuotaConfig>(StringComparer.Ordinal);

    /// <summary>Frameworks whose scheduler is away, with when it disconnected: their failover timeouts count from then.</summary>
    public ImmutableDictionary<string, DateTimeOffset> Disconnected { get; private init; } = ImmutableDictionary.Create<string, DateTimeOffset>(StringComparer.Ordinal);

    /// <summary>The registry after <paramref name="e"/>; an event about something the registry no longer holds changes nothing.</summary>
    public Registry Apply(RegistryEvent e) => e.ChangeCase switch
    {
        RegistryEvent.ChangeOneofCase.EpochStarted => this with { Epoch = e.EpochStarted.Epoch, MasterId = e.EpochStarted.MasterId },
        RegistryEvent.ChangeOneofCase.AgentAdmitted => this with
        {
            Admitted = Admitted.SetItem(e.AgentAdmitted.Info.Id.Value, e.AgentAdmitted.Info),
            Unreachable = Unreachable.Remove(e.AgentAdmitted.Info.Id.Value),
        },
        RegistryEvent.ChangeOneofCase.AgentUnreachable => this with
        {
            Admitted = Admitted.Remove(e.AgentUnreachable.AgentId.Value),
            Unreachable = Unreachable.SetItem(e.AgentUnreachable.AgentId.Value, RegistryTime.From(e.AgentUnreachable.Time)),
        },
        RegistryEvent.ChangeOneofCase.AgentGone => this with
        {
            Admitted = Admitted.Remove(e.AgentGone.AgentId.Value),
            Unreachable = Unreachable.Remove(e.AgentGone.AgentId.Value),
            Gone = Gone.SetItem(e.AgentGone.AgentId.Value, RegistryTime.From(e.AgentGone.Time)),
        },
        RegistryEvent.ChangeOneofCase.AgentsPruned => this with
        {
            Unreachable = Unreachable.RemoveRange(e.AgentsPruned.Unreachable.Select(id => id.Value)),
            Gone = Gone.RemoveRange(e.AgentsPruned.Gone.Select(id => id.Value)),
        },
        RegistryEvent.ChangeOneofCase.FrameworkAdded => this with { Frameworks = Frameworks.SetItem(e.FrameworkAdded.Id.Value, e.FrameworkAdded) },
        RegistryEvent.ChangeOneofCase.FrameworkUpdated => this with { Frameworks = Frameworks.SetItem(e.FrameworkUpdated.Id.Value, e.FrameworkUpdated) },
        RegistryEvent.ChangeOneofCase.FrameworkRemoved => this with
        {
            Frameworks = Frameworks.Remove(e.FrameworkRemoved.FrameworkId.Value),
            Disconnected = Disconnected.Remove(e.FrameworkRemoved.FrameworkId.Value),
        },
        RegistryEvent.ChangeOneofCase.FrameworkDisconnected when Frameworks.ContainsKey(e.FrameworkDisconnected.FrameworkId.Value) => this with
        {
            Disconnected = Disconnected.SetItem(e.FrameworkDisconnected.FrameworkId.Value, RegistryTime.From(e.FrameworkDisconnected.Time)),
        },
        RegistryEvent.ChangeOneofCase.FrameworkDisconnected => this,
        RegistryEvent.ChangeOneofCase.FrameworkConnected => this with { Disconnected = Disconnected.Remove(e.FrameworkConnected.FrameworkId.Value) },
        RegistryEvent.ChangeOneofCase.WeightsUpdated => this with
        {
            Weights = Weights.SetItems(e.WeightsUpdated.Weights.Select(w => KeyValuePair.Create(w.Role, w.Weight))),
        },
        RegistryEvent.ChangeOneofCase.QuotaUpdated => this with { Quotas = e.QuotaUpdated.Configs.Aggregate(Quotas, SetQuota) },
        _ => throw new ArgumentException($"Unknown registry event {e.ChangeCase}", nameof(e)),
    };

    /// <summary>Quota with neither guarantees nor limits is no quota.</summary>
    private static ImmutableDictionary<string, QuotaConfig> SetQuota(ImmutableDictionary<string, QuotaConfig> quotas, QuotaConfig config) =>
        config.Guarantees.Count == 0 && config.Limits.Count == 0 ? quotas.Remove(config.Role) : quotas.SetItem(config.Role, config);

    /// <summary>The whole registry, each list ordered by id or role, so that equal registries give equal snapshots.</summary>
    public RegistrySnapshot ToSnapshot() => new()
    {
        Epoch = Epoch,
        MasterId = MasterId ?? "",
        Admitted = { Sorted(Admitted).Select(pair => pair.Value) },
        Unreachable = { Sorted(Unreachable).Select(pair => Marked(pair.Key, pair.Value)) },
        Gone = { Sorted(Gone).Select(pair => Marked(pair.Key, pair.Value)) },
        Frameworks = { Sorted(Frameworks).Select(pair => pair.Value) },
        Weights = { Sorted(Weights).Select(pair => new WeightInfo { Role = pair.Key, Weight = pair.Value }) },
        Quotas = { Sorted(Quotas).Select(pair => pair.Value) },
        Disconnected = { Sorted(Disconnected).Select(pair => new FrameworkMarked { FrameworkId = new FrameworkID { Value = pair.Key }, Time = RegistryTime.Of(pair.Value) }) },
    };

    private static IEnumerable<KeyValuePair<string, T>> Sorted<T>(ImmutableDictionary<string, T> items) => items.OrderBy(pair => pair.Key, StringComparer.Ordinal);

    public static Registry FromSnapshot(RegistrySnapshot snapshot) => Empty with
    {
        Epoch = snapshot.Epoch,
        MasterId = snapshot.HasMasterId && snapshot.MasterId.Length > 0 ? snapshot.MasterId : null,
        Admitted = Empty.Admitted.SetItems(snapshot.Admitted.Select(a => KeyValuePair.Create(a.Id.Value, a))),
        Unreachable = Empty.Unreachable.SetItems(snapshot.Unreachable.Select(m => KeyValuePair.Create(m.AgentId.Value, RegistryTime.From(m.Time)))),
        Gone = Empty.Gone.SetItems(snapshot.Gone.Select(m => KeyValuePair.Create(m.AgentId.Value, RegistryTime.From(m.Time)))),
        Frameworks = Empty.Frameworks.SetItems(snapshot.Frameworks.Select(f => KeyValuePair.Create(f.Id.Value, f))),
        Weights = Empty.Weights.SetItems(snapshot.Weights.Select(w => KeyValuePair.Create(w.Role, w.Weight))),
        Quotas = Empty.Quotas.SetItems(snapshot.Quotas.Select(q => KeyValuePair.Create(q.Role, q))),
        Disconnected = Empty.Disconnected.SetItems(snapshot.Disconnected.Select(m => KeyValuePair.Create(m.FrameworkId.Value, RegistryTime.From(m.Time)))),
    };

    private static AgentMarked Marked(string agentId, DateTimeOffset time) => new() { AgentId = new AgentID { Value = agentId }, Time = RegistryTime.Of(time) };
}
