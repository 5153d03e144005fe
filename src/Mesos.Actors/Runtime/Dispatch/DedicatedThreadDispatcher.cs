using System.Collections.Concurrent;

namespace Mesos.Actors.Runtime;

/// <summary>
/// Runs actors on threads of its own, for actors that block (process waits, file and socket I/O)
/// and must not starve the thread pool.
/// </summary>
public sealed class DedicatedThreadDispatcher : MessageDispatcher
{
    private readonly BlockingCollection<IRunnable> _work = new();

    public DedicatedThreadDispatcher(string id, int throughput, int threadCount) : base(id, throughput)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threadCount, 1);
        for (var i = 0; i < threadCount; i++)
        {
            new Thread(Loop) { IsBackground = true, Name = $"{id}-{i}" }.Start();
        }
    }

    public override void Schedule(IRunnable work)
    {
        // After shutdown the system is gone; late work has nobody left to run for.
        if (!_work.IsAddingCompleted) _work.TryAdd(work);
    }

    public override void Shutdown() => _work.CompleteAdding();

    private void Loop()
    {
        foreach (var work in _work.GetConsumingEnumerable()) work.Run();
    }
}
