using System.Threading.Channels;
using Akka.Actor;
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
    /// <summary>
    /// A subscription: asks the actor to subscribe the channel's writer; when it answers
    /// <typeparamref name="TSubscribed"/>, streams the channel until either side ends it and then tells
    /// the actor the stream closed; any other answer goes back as the call's verdict.
    /// </summary>
    public static async Task Subscribe<TEvent, TSubscribed>(HttpContext context, BodyFormat format, IActorRef actor, Channel<TEvent> events,
        Func<ChannelWriter<TEvent>, object> subscribe, Func<TSubscribed, string?> streamId, Func<TSubscribed, object> closed,
        Action<TSubscribed, IHeaderDictionary>? headers = null)
        where TEvent : IMessage
        where TSubscribed : class
    {
        var subscribed = default(TSubscribed);
        try
        {
            // Not cancelled when the client goes: the actor may have subscribed it already, and must hear that the stream closed.
            var reply = await actor.Ask<object>(subscribe(events.Writer), ApiRequest.AskTimeout);
            if (reply is not TSubscribed answer)
            {
                await ApiRequest.Answer(context, reply);
                return;
            }
            subscribed = answer;
            headers?.Invoke(subscribed, context.Response.Headers);
            await Run(context, format, streamId(subscribed), events.Reader);
        }
        finally
        {
            // Nobody reads the stream any more: an actor that subscribed it after the ask gave up finds it so when it writes.
            events.Writer.TryComplete();
            if (subscribed is not null) actor.Tell(closed(subscribed), ActorRefs.NoSender);
        }
    }

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
