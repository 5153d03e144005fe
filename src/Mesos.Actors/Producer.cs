using Akka.Actor;

namespace Mesos.Actors;

/// <summary>
/// Props that make the actor by a plain call. Akka's <c>Props.Create(() => new ...)</c> compiles the expression's
/// arguments every time it is called (about a millisecond each, measured when a new leader re-admits thousands
/// of agents, each with a session of its own), and reaches public constructors only.
/// </summary>
internal sealed class Producer<TActor>(Func<TActor> create) : IIndirectActorProducer where TActor : ActorBase
{
    public static Props Props(Func<TActor> create) => Akka.Actor.Props.CreateBy(new Producer<TActor>(create));

    public Type ActorType => typeof(TActor);

    public ActorBase Produce() => create();

    public void Release(ActorBase actor)
    {
    }
}
