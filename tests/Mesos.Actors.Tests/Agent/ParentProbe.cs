using Akka.Actor;

namespace Mesos.Actors.Tests.Agent;

/// <summary>Creates one child and stands between it and the test: what the child tells its parent goes to <paramref name="probe"/>; the rest goes to the child.</summary>
internal sealed class ParentProbe : ReceiveActor
{
    public ParentProbe(Props child, IActorRef probe)
    {
        var created = Context.ActorOf(child, "child");
        ReceiveAny(message =>
        {
            if (Sender.Equals(created)) probe.Tell(message, Self);
            else created.Tell(message, Sender);
        });
    }
}
