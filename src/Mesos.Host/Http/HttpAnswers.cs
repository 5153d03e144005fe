using System.Text;
using Microsoft.AspNetCore.Http;

namespace Mesos.Host.Http;

/// <summary>How endpoints answer: JSON bodies, and plain-text errors as Mesos writes them.</summary>
internal static class HttpAnswers
{
    public static Task Text(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(message);
    }

    public static Task Json(HttpContext context, string json, int status = StatusCodes.Status200OK)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        var body = Encoding.UTF8.GetBytes(json);
        context.Response.ContentLength = body.Length;
        return context.Response.Body.WriteAsync(body).AsTask();
    }

    /// <summary>Reads a request body within the configured limit (Kestrel refuses more with 413).</summary>
    public static async Task<byte[]> ReadBody(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        return buffer.ToArray();
    }
}
