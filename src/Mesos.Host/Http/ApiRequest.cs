using Google.Protobuf;
using Mesos.Actors.Master;
using Mesos.Actors.Protocol;
using BodyFormat = Mesos.Actors.Protocol.BodyFormat;
using Mesos.Actors.Protocol.Json;
using Microsoft.AspNetCore.Http;

namespace Mesos.Host.Http;

/// <summary>Decoding a v1 API call and answering the master's verdict, with Mesos' status codes and messages.</summary>
internal static class ApiRequest
{
    public static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The decoded call, or null after an error answer (400, 406, 413, 415) was written.</summary>
    public static async Task<(T? Call, BodyFormat Format)> Decode<T>(HttpContext context, ProtocolCodec codec) where T : class, IMessage<T>, new()
    {
        BodyFormat format;
        try
        {
            format = ProtocolCodec.AcceptFormat(context.Request.Headers.Accept);
        }
        catch (UnsupportedMediaTypeException e)
        {
            await HttpAnswers.Text(context, StatusCodes.Status406NotAcceptable, e.Message);
            return (null, default);
        }
        var body = await HttpAnswers.ReadBody(context.Request);
        try
        {
            return (codec.Parse<T>(body, context.Request.ContentType), format);
        }
        catch (UnsupportedMediaTypeException e)
        {
            await HttpAnswers.Text(context, StatusCodes.Status415UnsupportedMediaType, e.Message);
        }
        catch (BodyTooLargeException e)
        {
            await HttpAnswers.Text(context, StatusCodes.Status413PayloadTooLarge, $"Request body of {e.Length} bytes is larger than the limit of {e.Limit} bytes");
        }
        catch (MesosJsonException e)
        {
            await HttpAnswers.Text(context, StatusCodes.Status400BadRequest, e.Message);
        }
        return (null, format);
    }

    /// <summary>Writes the master's or the agent's answer to a call: 202 (or <paramref name="acceptedStatus"/>), 400, 403 or 503.</summary>
    public static Task Answer(HttpContext context, object reply, int acceptedStatus = StatusCodes.Status202Accepted)
    {
        switch (reply)
        {
            case CallAccepted:
                context.Response.StatusCode = acceptedStatus;
                return Task.CompletedTask;
            case CallRefused { Reason: CallRefusal.NotSubscribed } refused:
                return HttpAnswers.Text(context, StatusCodes.Status403Forbidden, refused.Message);
            case CallRefused { Reason: CallRefusal.Unavailable } refused:
                return HttpAnswers.Text(context, StatusCodes.Status503ServiceUnavailable, refused.Message);
            case CallRefused refused:
                return HttpAnswers.Text(context, StatusCodes.Status400BadRequest, refused.Message);
            default:
                return HttpAnswers.Text(context, StatusCodes.Status500InternalServerError, $"Unexpected answer {reply}");
        }
    }

    public static string? StreamId(HttpContext context) =>
        context.Request.Headers["Mesos-Stream-Id"] is [{ } id] ? id : null;
}
