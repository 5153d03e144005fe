using System.Threading.Channels;
using Mesos.Actors.Protocol.RecordIO;

namespace Mesos.Host.Tests;

/// <summary>The events of one RecordIO stream, read in the background, for a test to wait on one by one.</summary>
internal sealed class EventInbox<T> : IAsyncDisposable
{
    private readonly Channel<T> _events = Channel.CreateUnbounded<T>();
    private readonly CancellationTokenSource _stop = new();
    private readonly Stream _body;
    private readonly Task _reading;

    /// <summary>Reads <paramref name="body"/> until it ends or the inbox is disposed, which also disposes it.</summary>
    public EventInbox(Stream body, Func<byte[], T> parse)
    {
        _body = body;
        var reader = new RecordIOReader(body, 1 << 24);
        _reading = Task.Run(async () =>
        {
            await foreach (var record in reader.ReadAllAsync(_stop.Token)) _events.Writer.TryWrite(parse(record));
        });
    }

    /// <summary>The next event that satisfies <paramref name="match"/>, skipping others; fails after the deadline.</summary>
    public async Task<T> Next(Func<T, bool> match, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var e = await _events.Reader.ReadAsync(deadline.Token);
            if (match(e)) return e;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _body.DisposeAsync();
        await _reading.ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }
}
