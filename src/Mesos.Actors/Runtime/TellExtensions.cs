namespace Mesos.Actors.Runtime;

public static class TellExtensions
{
    /// <summary>Tells with the current actor as sender when called inside an actor, else with no sender.</summary>
    public static void Tell(this ICanTell receiver, object message) =>
        receiver.Tell(message, ActorCell.Current?.Self);

    /// <summary>Passes the current message on, keeping its original sender.</summary>
    public static void Forward(this ICanTell receiver, object message)
    {
        var cell = ActorCell.Current ?? throw new InvalidOperationException("Forward can only be used inside an actor.");
        receiver.Tell(message, cell.CurrentEnvelope.Sender);
    }
}
