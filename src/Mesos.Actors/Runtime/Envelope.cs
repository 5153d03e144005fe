namespace Mesos.Actors.Runtime;

/// <summary>A message in a mailbox with its sender; a struct so that telling allocates nothing.</summary>
internal readonly record struct Envelope(object Message, IActorRef? Sender);
