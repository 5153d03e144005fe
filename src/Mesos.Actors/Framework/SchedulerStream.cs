using Google.Protobuf;
using Mesos.Actors.Protocol;
using Mesos.Actors.Protocol.Json;
using Mesos.Actors.Protocol.RecordIO;
using Mesos.V1.Scheduler;

namespace Mesos.Actors.Framework;

/// <summary>An open subscription: the chunked RecordIO stream of events from the leading master.</summary>
internal sealed class SchedulerStream : IDisposable
{
    // Offers for a large cluster can be big; anything beyond this is not a sane event.
    private const int MaxEventBytes = 64 * 1024 * 1024;

    private readonly HttpResponseMessage _response;
    private readonly Stream _body;
    private readonly RecordIOReader _reader;
    private readonly BodyFormat _format;

    public SchedulerStream(MasterAddress leader, string streamId, ulong? epoch, BodyFormat format, HttpResponseMessage response, Stream body)
    {
        Leader = leader;
        StreamId = streamId;
        Epoch = epoch;
        _format = format;
        _response = response;
        _body = body;
        _reader = new RecordIOReader(body, MaxEventBytes);
    }

    /// <summary>The master that holds the stream; every call goes there.</summary>
    public MasterAddress Leader { get; }

    /// <summary>The Mesos-Stream-Id every later call must carry.</summary>
    public string StreamId { get; }

    /// <summary>The registry epoch of the master that holds the stream (its Mesos-Master-Epoch header), when it says.</summary>
    public ulong? Epoch { get; }

    /// <summary>The next event, or null when the master ended the stream.</summary>
    /// <exception cref="RecordIOException">The framing is broken.</exception>
    /// <exception cref="MesosJsonException">A record is not an event.</exception>
    public async Task<Event?> ReadAsync(CancellationToken cancellationToken)
    {
        var record = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        if (record is null) return null;
        if (_format == BodyFormat.Json) return MesosJson.Parse<Event>(record);
        try
        {
            return Event.Parser.ParseFrom(record);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new MesosJsonException($"Failed to parse an event: {e.Message}", e);
        }
    }

    public void Dispose()
    {
        _body.Dispose();
        _response.Dispose();
    }
}
