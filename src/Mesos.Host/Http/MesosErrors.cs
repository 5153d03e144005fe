using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Mesos.Host.Http;

/// <summary>
/// Turns failures into the plain-text answers Mesos gives: a body over the limit is 413, a bad
/// request 400, anything unexpected 500 with its message (and a log line).
/// </summary>
internal sealed class MesosErrors(RequestDelegate next, ILogger<MesosErrors> log)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            await HttpAnswers.Text(context, e.StatusCode, e.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? $"Request body is larger than the limit of {context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize} bytes"
                : e.Message);
        }
        catch (Exception e) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            log.LogError(e, "{Method} {Path} failed", context.Request.Method, context.Request.Path);
            await HttpAnswers.Text(context, StatusCodes.Status500InternalServerError, e.Message);
        }
    }
}
