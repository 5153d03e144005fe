using Akka.Actor;

namespace Mesos.Actors.Master;

/// <summary>
/// How a master's actor system supervises the master (set as its
/// <c>akka.actor.guardian-supervisor-strategy</c>): a message whose handler throws is dropped and the
/// master resumes with its state, because Akka's default, a restart, would start it empty and forget
/// every framework, agent, weight and quota. Until the registry is persisted there is nothing to
/// restart from. A master that cannot be created, or is killed, stops as usual.
/// </summary>
public sealed class MasterSupervision : SupervisorStrategyConfigurator
{
    public const string ConfigValue = "Mesos.Actors.Master.MasterSupervision, Mesos.Actors";

    public override SupervisorStrategy Create() =>
        new OneForOneStrategy(e => e is ActorInitializationException or ActorKilledException or DeathPactException
            ? Directive.Stop
            : Directive.Resume);
}
