namespace Mesos.Actors.Runtime;

/// <summary>The default: actors take turns on the .NET thread pool.</summary>
public sealed class ThreadPoolDispatcher(string id, int throughput) : MessageDispatcher(id, throughput)
{
    public override void Schedule(IRunnable work)
    {
        // An actor telling another from a pool thread queues it on that thread's own queue, as the
        // pool does for task continuations: cheaper than the global queue, and idle threads steal it.
        var local = Thread.CurrentThread.IsThreadPoolThread;
        if (work is IThreadPoolWorkItem item) ThreadPool.UnsafeQueueUserWorkItem(item, local);
        else ThreadPool.UnsafeQueueUserWorkItem(static w => w.Run(), work, local);
    }
}
