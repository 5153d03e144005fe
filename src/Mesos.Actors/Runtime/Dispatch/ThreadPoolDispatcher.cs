namespace Mesos.Actors.Runtime;

/// <summary>The default: actors take turns on the .NET thread pool.</summary>
public sealed class ThreadPoolDispatcher(string id, int throughput) : MessageDispatcher(id, throughput)
{
    public override void Schedule(IRunnable work)
    {
        if (work is IThreadPoolWorkItem item) ThreadPool.UnsafeQueueUserWorkItem(item, preferLocal: false);
        else ThreadPool.UnsafeQueueUserWorkItem(static w => w.Run(), work, preferLocal: false);
    }
}
