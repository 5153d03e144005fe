namespace Mesos.Actors.Runtime;

/// <summary>A unit of work a dispatcher runs: an actor's turn at its mailbox.</summary>
public interface IRunnable
{
    void Run();
}

/// <summary>
/// Decides where and when actors run. Every mailbox is scheduled through the dispatcher its
/// system was given, so tests can swap in a deterministic one.
/// </summary>
public abstract class MessageDispatcher(string id, int throughput)
{
    public string Id { get; } = id;

    /// <summary>How many user messages an actor processes in one turn before yielding its thread.</summary>
    public int Throughput { get; } = throughput > 0 ? throughput : throw new ArgumentOutOfRangeException(nameof(throughput));

    public abstract void Schedule(IRunnable work);

    /// <summary>Releases threads the dispatcher owns; called when its system terminates.</summary>
    public virtual void Shutdown()
    {
    }
}
