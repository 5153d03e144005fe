using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Configuration;

namespace Mesos.Host.Frameworks;

/// <summary>
/// Where a built-in framework keeps its entities (Marathon's apps, Chronos' jobs): shard regions of Akka.Cluster.Sharding
/// on the members of the sharding role (akka.cluster.sharding.role, <c>master</c>), each entity a persistent actor on the
/// framework's store. Entities are remembered (remember-entities-store = eventsourced on that store's journal), so that
/// after a member is lost its entities start again on another without waiting for a message. Inside a highly available
/// master the regions are the masters' cluster's and spread over the masters; a framework process of its own (and a
/// master that runs alone) is a cluster of one, so that the same code runs everywhere.
/// </summary>
internal static class FrameworkSharding
{
    /// <summary>
    /// How many shards each kind of entity is spread over: ten per master of the largest clusters (five masters) is
    /// even enough. Every member must agree on it, and remembered shards are found again by it, so it is no setting.
    /// </summary>
    public const int Shards = 50;

    /// <summary>A kind of entity a framework shards: its region's type name and the actor for an entity id.</summary>
    public sealed record EntityType(string TypeName, Func<string, Props> Entity);

    /// <summary>The journal and snapshot store plugins (akka.persistence.journal.NAME) of framework <paramref name="name"/>'s store.</summary>
    public static (string Journal, string Snapshots) Plugins(string name) => ($"akka.persistence.journal.{name}", $"akka.persistence.snapshot-store.{name}");

    /// <summary>
    /// A framework's ActorSystem as a cluster of one: Akka.Remote on loopback at a port of the system's choosing, no seed
    /// nodes (it joins itself, <see cref="JoinSelf"/>), the sharding role, and a quorum of one for the split brain resolver.
    /// </summary>
    public static Config ClusterOfOne(string role) => ConfigurationFactory.ParseString($$"""
        akka.actor.provider = cluster
        akka.remote.dot-netty.tcp {
          hostname = "127.0.0.1"
          port = 0
        }
        akka.cluster {
          seed-nodes = []
          roles = ["{{role}}"]
          min-nr-of-members = 1
          split-brain-resolver.static-quorum.quorum-size = 1
        }
        """);

    /// <summary>Makes a system configured by <see cref="ClusterOfOne"/> a cluster: its member is Up soon after, and regions start serving then.</summary>
    public static void JoinSelf(ActorSystem system)
    {
        var cluster = Akka.Cluster.Cluster.Get(system);
        cluster.Join(cluster.SelfAddress);
    }

    /// <summary>The role whose members host entities (akka.cluster.sharding.role).</summary>
    public static string Role(Config config) => config.GetString("akka.cluster.sharding.role");

    /// <summary>
    /// Starts the region of <paramref name="type"/> on this member; its shards and remembered entities are kept on
    /// <paramref name="plugins"/>, the framework's store.
    /// </summary>
    public static IActorRef StartRegion(ActorSystem system, EntityType type, (string Journal, string Snapshots) plugins)
    {
        // The extension brings Akka's sharding defaults into the system's configuration, which the settings read.
        var sharding = ClusterSharding.Get(system);
        var settings = ClusterShardingSettings.Create(system).WithRememberEntities(true)
            .WithJournalPluginId(plugins.Journal).WithSnapshotPluginId(plugins.Snapshots);
        return sharding.Start(type.TypeName, type.Entity, settings, Extractor);
    }

    /// <summary>The region of <paramref name="typeName"/> this member started.</summary>
    public static IActorRef Region(ActorSystem system, string typeName) => ClusterSharding.Get(system).ShardRegion(typeName);

    /// <summary>
    /// Messages reach an entity in a <see cref="ShardingEnvelope"/> that names it (the extractor opens it itself); its
    /// shard is a hash of its id. Anything else names no entity and is dropped.
    /// </summary>
    private static readonly IMessageExtractor Extractor = HashCodeMessageExtractor.Create(Shards, _ => null!, message => message);
}
