using Akka.Actor;
using Akka.Cluster.Sharding;
using Mesos.Host.Marathon.Scheduler;

namespace Mesos.Host.Tests.Marathon;

/// <summary>
/// The apps' entities as children of one actor, in place of their shard region in actor tests (which run on virtual time,
/// where a cluster would never form): each envelope reaches the <see cref="AppEntity"/> of the id it names, started for it.
/// The real region is what the process tests and the three-master test run on.
/// </summary>
internal sealed class LocalAppEntities : ReceiveActor
{
    public LocalAppEntities((string Journal, string Snapshots)? journal)
    {
        Receive<ShardingEnvelope>(envelope =>
        {
            var name = Uri.EscapeDataString(envelope.EntityId);
            var child = Context.Child(name);
            var entity = child.IsNobody() ? Context.ActorOf(AppEntity.Props(envelope.EntityId, journal), name) : child;
            entity.Forward(envelope.Message);
        });
        // As a shard: an entity that asks to passivate is stopped.
        Receive<Passivate>(passivate => Sender.Tell(passivate.StopMessage));
    }

    public static Props Props((string Journal, string Snapshots)? journal = null) => Akka.Actor.Props.Create(() => new LocalAppEntities(journal));
}
