using System.Threading.Channels;

namespace Mesos.Benchmarks;

/// <summary>An unbounded channel drained by one Task loop.</summary>
internal sealed class ChannelEndpoint : IEndpoint
{
    // SingleReader: the loop is the channel's only reader, as an actor is its mailbox's, and it picks
    // the channel's fastest unbounded implementation.
    private readonly Channel<Ball> _channel = Channel.CreateUnbounded<Ball>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;

    public ChannelEndpoint(Action<Ball> handle)
    {
        _loop = Task.Run(() => ConsumeAsync(handle));
    }

    public static IEndpoint Create(Action<Ball> handle) => new ChannelEndpoint(handle);

    public void Post(Ball ball) => _channel.Writer.TryWrite(ball);

    public void Dispose()
    {
        _channel.Writer.Complete();
        _loop.Wait();
    }

    private async Task ConsumeAsync(Action<Ball> handle)
    {
        var reader = _channel.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var ball)) handle(ball);
        }
    }
}
