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

    /// <summary>
    /// The decoded call, or null after an error answer (400, 406, 413, 415) was written. Calls named by
    /// <paramref name="large"/> may be as large as <see cref="HttpLimits.MaxBodyBytes"/>; every other
    /// call, and every call of an API without <paramref name="large"/>, only <see cref="HttpLimits.MaxSmallBodyBytes"/>.
    /// </summary>
    public static async Task<(T? Call, BodyFormat Format)> Decode<T>(HttpContext context, RequestBodies bodies, LargeCalls<T>? large = null)
        where T : class, IMessage<T>, new()
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

        var limits = bodies.Limits;
        // The Content-Type is judged before the body is read (415 for the exception, in MesosErrors).
        ProtocolCodec.ContentFormat(context.Request.ContentType);
        var body = await bodies.Read(context, large is null ? limits.MaxSmallBodyBytes : limits.MaxBodyBytes);
        T call;
        try
        {
            call = bodies.Codec.Parse<T>(body, context.Request.ContentType);
        }
        catch (MesosJsonException e)
        {
            await HttpAnswers.Text(context, StatusCodes.Status400BadRequest, e.Message);
            return (null, format);
        }
        if (large is not null && body.Length > limits.MaxSmallBodyBytes && !large.Includes(call))
        {
            await HttpAnswers.Text(context, StatusCodes.Status413PayloadTooLarge,
                $"Request body of {body.Length} bytes is larger than the limit of {limits.MaxSmallBodyBytes} bytes for {large.NameOf(call)} calls");
            return (null, format);
        }
        return (call, format);
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
