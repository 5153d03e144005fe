using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Mesos.Actors.Protocol;
using Microsoft.AspNetCore.Http;

namespace Mesos.Host.Http;

/// <summary>How endpoints answer: JSON bodies, and plain-text errors as Mesos writes them.</summary>
internal static class HttpAnswers
{
    /// <summary>Errors may quote what a client sent: an answer never repeats more than this many characters of it.</summary>
    private const int MaxTextChars = 1024;

    public static Task Text(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(message.Length <= MaxTextChars ? message : message[..MaxTextChars] + "...");
    }

    public static Task Json(HttpContext context, string json, int status = StatusCodes.Status200OK)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        var body = Encoding.UTF8.GetBytes(json);
        context.Response.ContentLength = body.Length;
        return context.Response.Body.WriteAsync(body).AsTask();
    }

    /// <summary>JSON written by <paramref name="write"/> (the v0 endpoints).</summary>
    public static Task Json(HttpContext context, Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer)) write(writer);
        return Json(context, Encoding.UTF8.GetString(buffer.ToArray()));
    }

    /// <summary>A v1 response in the format the request's Accept asked for.</summary>
    public static async Task Message(HttpContext context, IMessage message, BodyFormat format)
    {
        var encoded = ProtocolCodec.Serialize(message, format == BodyFormat.Json ? ProtocolCodec.JsonMediaType : ProtocolCodec.ProtobufMediaType);
        context.Response.ContentType = encoded.ContentType;
        context.Response.ContentLength = encoded.Body.Length;
        await context.Response.Body.WriteAsync(encoded.Body, context.RequestAborted);
    }
}
