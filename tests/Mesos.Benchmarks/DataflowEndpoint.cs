using System.Threading.Tasks.Dataflow;

namespace Mesos.Benchmarks;

/// <summary>An ActionBlock with its default options: one message at a time, in order, as an actor.</summary>
internal sealed class DataflowEndpoint(Action<Ball> handle) : IEndpoint
{
    private readonly ActionBlock<Ball> _block = new(handle);

    public static IEndpoint Create(Action<Ball> handle) => new DataflowEndpoint(handle);

    public void Post(Ball ball) => _block.Post(ball);

    public void Dispose()
    {
        _block.Complete();
        _block.Completion.Wait();
    }
}
