namespace Mesos.Actors.Master.Registrar;

/// <summary>Where the registry keeps its journal: --registry=replicated_log (the SQL journal) or in_memory (Akka's, lost when the master stops).</summary>
public enum RegistryBackend
{
    ReplicatedLog,
    InMemory,
}

/// <summary>The registry's settings, bound from <c>mesos.master</c> (see hocon/reference.conf).</summary>
public sealed record RegistrySettings
{
    /// <summary>The journal's persistence id: every master of a cluster shares it, and its sequence numbers fence a second writer.</summary>
    public const string PersistenceId = "mesos-master-registry";

    public RegistryBackend Backend { get; init; } = RegistryBackend.ReplicatedLog;

    /// <summary>--registry_store: empty for SQLite under the work dir, sqlite:PATH, postgresql://..., or an Npgsql connection string.</summary>
    public string Store { get; init; } = "";

    public bool Strict { get; init; }
    public TimeSpan AgentReregisterTimeout { get; init; } = TimeSpan.FromMinutes(10);
    public TimeSpan MaxAgentAge { get; init; } = TimeSpan.FromDays(14);
    public int MaxAgentCount { get; init; } = 100 * 1024;
    public TimeSpan GcInterval { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Events between two snapshots of the whole registry.</summary>
    public int SnapshotInterval { get; init; } = 1000;

    public RegistryRules Rules => new(Strict, MaxAgentAge, MaxAgentCount);

    public string JournalPluginId => Backend == RegistryBackend.InMemory ? "akka.persistence.journal.inmem" : "akka.persistence.journal.sql";

    public string SnapshotPluginId => Backend == RegistryBackend.InMemory ? "akka.persistence.snapshot-store.inmem" : "akka.persistence.snapshot-store.sql";

    /// <summary>The flag's value, as Mesos names it.</summary>
    public static RegistryBackend ParseBackend(string value) => value switch
    {
        "replicated_log" => RegistryBackend.ReplicatedLog,
        "in_memory" => RegistryBackend.InMemory,
        _ => throw new FormatException($"registry must be 'replicated_log' or 'in_memory', not '{value}'"),
    };
}
