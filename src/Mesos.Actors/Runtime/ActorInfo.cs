namespace Mesos.Actors.Runtime;

/// <summary>One actor in a hierarchy snapshot: what operators see of the actor tree.</summary>
public sealed record ActorInfo(string Path, string ActorType, int MailboxLength, IReadOnlyList<ActorInfo> Children);
