namespace Mesos.Actors.Runtime;

/// <summary>
/// Puts messages aside to handle later, typically while an actor waits in another behaviour.
/// On restart the stash is emptied back to the head of the mailbox, so the new instance sees those
/// messages first and none is lost.
/// </summary>
public interface IStash
{
    /// <summary>Stashes the current message.</summary>
    void Stash();

    /// <summary>Returns the oldest stashed message to the head of the mailbox.</summary>
    void Unstash();

    /// <summary>Returns every stashed message to the head of the mailbox, in the order they were stashed.</summary>
    void UnstashAll();

    int Count { get; }
}

/// <summary>Implemented by actors that stash; the runtime sets <see cref="Stash"/> right after the constructor.</summary>
public interface IWithStash
{
    IStash Stash { get; set; }
}
