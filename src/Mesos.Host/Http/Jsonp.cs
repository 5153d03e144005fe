using System.Text;
using Microsoft.AspNetCore.Http;

namespace Mesos.Host.Http;

/// <summary>
/// <c>?jsonp=callback</c> on a GET wraps a JSON answer as <c>callback(...)</c>, which the stock
/// Mesos web UI relies on.
/// </summary>
internal sealed class Jsonp(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsGet(context.Request.Method) || context.Request.Query["jsonp"] is not [{ } callback])
        {
            await next(context);
            return;
        }
        if (!IsIdentifier(callback))
        {
            await HttpAnswers.Text(context, StatusCodes.Status400BadRequest, "The 'jsonp' parameter must be a JavaScript identifier");
            return;
        }

        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }
        var body = buffer.ToArray();
        // Nothing to wrap: the answer is left unstarted, so that an error without a body still gets its message.
        if (body.Length == 0) return;
        if (context.Response.ContentType?.StartsWith("application/json", StringComparison.Ordinal) == true)
        {
            body = [.. Encoding.UTF8.GetBytes(callback + "("), .. body, .. ");"u8];
            context.Response.ContentType = "text/javascript";
        }
        context.Response.ContentLength = body.Length;
        await original.WriteAsync(body);
    }

    private static bool IsIdentifier(string name) =>
        name.Length is > 0 and <= 128 && !char.IsAsciiDigit(name[0]) &&
        name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '$' or '.');
}
