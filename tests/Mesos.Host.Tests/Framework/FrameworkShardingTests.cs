using System.Threading.Channels;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Persistence;
using Mesos.Actors.Settings;
using Mesos.Host.Frameworks;
using Mesos.Host.Master.Registry;

namespace Mesos.Host.Tests.Framework;

/// <summary>
/// A framework's shard region on a cluster of one, as a framework process of its own runs it, on a real SQLite store:
/// an entity keeps its events on the framework's journal, and, remembered there, starts again with its state when the
/// process starts again, before any message names it.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class FrameworkShardingTests : IDisposable
{
    private readonly string _workDir = Path.Combine(Path.GetTempPath(), "mesos-sharding-" + Guid.NewGuid().ToString("N"));
    private readonly Channel<(string Id, int Total)> _started = Channel.CreateUnbounded<(string, int)>();

    [Fact]
    public async Task A_remembered_entity_starts_again_with_its_state_after_a_restart_without_a_message()
    {
        var first = Start();
        var region = FrameworkSharding.StartRegion(first, Counters(), FrameworkSharding.Plugins("counters"));
        (await region.Ask<int>(new ShardingEnvelope("a", new Counter.Add(2)), TimeSpan.FromSeconds(60))).Should().Be(2);
        (await region.Ask<int>(new ShardingEnvelope("a", new Counter.Add(3)), TimeSpan.FromSeconds(10))).Should().Be(5);
        (await Next()).Should().Be(("a", 0), "the entity started for the first message");
        await CoordinatedShutdown.Get(first).Run(CoordinatedShutdown.ClrExitReason.Instance);

        var second = Start();
        FrameworkSharding.StartRegion(second, Counters(), FrameworkSharding.Plugins("counters"));
        (await Next()).Should().Be(("a", 5), "the remembered entity starts again from its journal on its own");
        await CoordinatedShutdown.Get(second).Run(CoordinatedShutdown.ClrExitReason.Instance);
    }

    private ActorSystem Start()
    {
        var store = RegistryStore.Resolve("", _workDir, "store", "counters.db");
        var system = ActorSystem.Create("counters", FrameworkSharding.ClusterOfOne("master")
            .WithFallback(Akka.Configuration.ConfigurationFactory.ParseString("akka.loglevel = WARNING"))
            .WithFallback(store.ToConfig("counters")).WithFallback(ReferenceConfig.Get()));
        FrameworkSharding.JoinSelf(system);
        return system;
    }

    private FrameworkSharding.EntityType Counters()
    {
        var started = _started.Writer;
        return new FrameworkSharding.EntityType("counter", id => Props.Create(() => new Counter(id, started)));
    }

    private async Task<(string, int)> Next()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        return await _started.Reader.ReadAsync(deadline.Token);
    }

    public void Dispose()
    {
        if (Directory.Exists(_workDir)) Directory.Delete(_workDir, recursive: true);
    }

    /// <summary>An entity that adds what it is told and says when it started, with what it recovered.</summary>
    private sealed class Counter : ReceivePersistentActor
    {
        public sealed record Add(int Amount);

        private int _total;

        public Counter(string id, ChannelWriter<(string, int)> started)
        {
            PersistenceId = "counter-" + id;
            (JournalPluginId, SnapshotPluginId) = FrameworkSharding.Plugins("counters");
            Recover<int>(amount => _total += amount);
            Recover<RecoveryCompleted>(_ => started.TryWrite((id, _total)));
            Command<Add>(add => Persist(add.Amount, amount =>
            {
                _total += amount;
                Sender.Tell(_total);
            }));
        }

        public override string PersistenceId { get; }
    }
}
