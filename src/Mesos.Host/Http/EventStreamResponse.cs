using System.Threading.Channels;
using Google.Protobuf;
using Mesos.Actors.Protocol;
using BodyFormat = Mesos.Actors.Protocol.BodyFormat;
using Mesos.Actors.Protocol.Json;
using Mesos.Actors.Protocol.RecordIO;
using Microsoft.AspNetCore.Http;

namespace Mesos.Host.Http;

/// <summary>
/// Streams events to a subscriber as Mesos does: 200, chunked, RecordIO frames in the format the
/// client accepts, with the Mesos-Stream-Id header when the stream has one (a framework's or an
/// agent's; the operator's and the executor's have none); it ends when the actor completes the
/// channel or the client goes away.
/// </summary>
internal static class EventStreamResponse
{
    public static async Task Run<T>(HttpContext context, BodyFormat format, string? streamId, ChannelReader<T> events) where T : IMessage
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = format == BodyFormat.Json ? ProtocolCodec.JsonMediaType : ProtocolCodec.ProtobufMediaType;
        if (streamId is not null) response.Headers["Mesos-Stream-Id"] = streamId;
        var writer = new RecordIOWriter(response.Body);
        var aborted = context.RequestAborted;
        try
        {
            await response.StartAsync(aborted);
            while (await events.WaitToReadAsync(aborted))
            {
                // Everything already queued goes out before one flush.
                while (events.TryRead(out var e))
                {
                    await writer.WriteAsync(format == BodyFormat.Json ? MesosJson.SerializeToUtf8Bytes(e) : e.ToByteArray(), aborted);
                }
                await response.Body.FlushAsync(aborted);
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The subscriber disconnected; the caller tells the actor.
        }
    }
}
