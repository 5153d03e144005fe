using Akka.Actor;
using Mesos.Actors.Master.Registrar;
using Mesos.Host.Master.Registry;
using Mesos.V1;
using Mesos.V1.Quota;
using Task = System.Threading.Tasks.Task;

namespace Mesos.Host.Tests.Registry;

/// <summary>
/// The registry's own behaviour on a real store, the same suite for SQLite and PostgreSQL: what it
/// writes is what the next master recovers, snapshots, a write the store refuses, and the fencing of
/// a second writer.
/// </summary>
public abstract class RegistryJournalSuite : IAsyncLifetime
{
    private static readonly RegistrySettings Settings = new() { SnapshotInterval = 1000 };

    protected string WorkDir { get; } = Path.Combine(Path.GetTempPath(), "mesos-registry-" + Guid.NewGuid().ToString("N"));

    private string _store = "";
    private RegistryStore _resolved = null!;

    /// <summary>The store, as --registry_store names it.</summary>
    protected abstract Task<string> CreateStore();

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(WorkDir);
        _store = await CreateStore();
        _resolved = RegistryStore.Resolve(_store, WorkDir);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(WorkDir, recursive: true);
        return Task.CompletedTask;
    }

    private RegistryUnderTest Start(string masterId, RegistrySettings? settings = null) => RegistryUnderTest.Start(_resolved, settings ?? Settings, masterId);

    private static AgentInfo Agent(string id) => new() { Id = new AgentID { Value = id }, Hostname = id + ".test", Port = 5051 };

    private static RegistryOperation[] History(int agents) =>
    [
        .. Enumerable.Range(0, agents).Select(i => (RegistryOperation)new AdmitAgent(Agent($"S{i}"))),
        new MarkAgentUnreachable(new AgentID { Value = "S0" }),
        new RecordFramework(new FrameworkInfo { Id = new FrameworkID { Value = "f1" }, Name = "f1", User = "root", FailoverTimeout = 60 }),
        new SetWeights([new WeightInfo { Role = "batch", Weight = 3 }]),
        new SetQuotas([new QuotaConfig { Role = "ml", Guarantees = { ["cpus"] = new Value.Types.Scalar { Value = 2 } } }]),
    ];

    [Fact]
    public async Task What_a_master_writes_the_next_master_recovers_under_a_new_epoch()
    {
        await using (var first = Start("m1"))
        {
            (await first.Next<RegistryActor.Recovered>()).Registry.Epoch.Should().Be(1);
            foreach (var operation in History(3)) await first.Write(operation);
        }

        await using var second = Start("m2");
        var recovered = (await second.Next<RegistryActor.Recovered>()).Registry;

        recovered.Epoch.Should().Be(2);
        recovered.MasterId.Should().Be("m2");
        recovered.Admitted.Keys.Should().BeEquivalentTo("S1", "S2");
        recovered.Unreachable.Keys.Should().BeEquivalentTo("S0");
        recovered.Weights["batch"].Should().Be(3);
        recovered.Quotas["ml"].Guarantees["cpus"].Value.Should().Be(2);
        recovered.Frameworks.Keys.Should().BeEquivalentTo("f1");
    }

    [Fact]
    public async Task Recovery_starts_from_the_latest_snapshot_and_replays_the_events_after_it()
    {
        var settings = Settings with { SnapshotInterval = 4 };
        await using (var first = Start("m1", settings))
        {
            await first.Next<RegistryActor.Recovered>();
            foreach (var operation in History(8)) await first.Write(operation);
        }
        // With the events a snapshot covers gone, only the snapshot can bring them back.
        await TestStores.Execute(_store, "DELETE FROM journal WHERE sequence_number <= (SELECT MAX(sequence_number) FROM snapshot)");

        await using var second = Start("m2", settings);
        var recovered = (await second.Next<RegistryActor.Recovered>()).Registry;

        recovered.Admitted.Keys.Should().BeEquivalentTo(Enumerable.Range(1, 7).Select(i => $"S{i}"));
        recovered.Unreachable.Keys.Should().BeEquivalentTo("S0");
        recovered.Weights["batch"].Should().Be(3);
        recovered.Quotas.Should().ContainKey("ml");
        recovered.Epoch.Should().Be(2);
    }

    [Fact]
    public async Task A_write_the_store_refuses_is_answered_failed_and_the_next_master_does_not_see_it()
    {
        await using (var first = Start("m1"))
        {
            await first.Next<RegistryActor.Recovered>();
            await first.Write(new SetWeights([new WeightInfo { Role = "batch", Weight = 2 }]));
            await TestStores.Execute(_store, TestStores.RefuseWrites(_store));

            first.Apply(new SetWeights([new WeightInfo { Role = "batch", Weight = 5 }]));

            (await first.Next<RegistryActor.WriteFailed>()).Reason.Should().NotBeNullOrEmpty();
            await first.Next<Terminated>();
        }
        await TestStores.Execute(_store, TestStores.AllowWrites(_store));

        await using var second = Start("m2");
        var recovered = (await second.Next<RegistryActor.Recovered>()).Registry;
        recovered.Weights["batch"].Should().Be(2);
        (await second.Write(new SetWeights([new WeightInfo { Role = "batch", Weight = 6 }]))).Weights["batch"].Should().Be(6);
    }

    [Fact]
    public async Task A_master_that_another_took_the_registry_from_can_no_longer_write()
    {
        await using var deposed = Start("m1");
        await deposed.Next<RegistryActor.Recovered>();
        await using var successor = Start("m2");
        (await successor.Next<RegistryActor.Recovered>()).Registry.Epoch.Should().Be(2);

        deposed.Apply(new SetWeights([new WeightInfo { Role = "batch", Weight = 9 }]));

        await deposed.Next<RegistryActor.WriteFailed>();
        (await successor.Write(new SetWeights([new WeightInfo { Role = "batch", Weight = 4 }]))).Weights["batch"].Should().Be(4);
    }
}

public sealed class SqliteRegistryJournalTests : RegistryJournalSuite
{
    protected override Task<string> CreateStore() => Task.FromResult("sqlite:" + Path.Combine(WorkDir, RegistryStore.DefaultFileName));
}

public sealed class PostgresRegistryJournalTests : RegistryJournalSuite
{
    protected override Task<string> CreateStore() => TestStores.NewPostgresDatabase();
}
