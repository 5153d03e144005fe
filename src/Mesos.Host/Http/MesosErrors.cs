using Mesos.Actors.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Mesos.Host.Http;

/// <summary>
/// Turns failures into the plain-text answers Mesos gives: a body over its limit is 413, one in a type or
/// charset that is not read 415, a bad request 400, a large body that could not get its turn 503 (retry),
/// anything unexpected 500 with its message (and a log line).
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
                ? $"Request body is larger than the limit of {context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize} bytes"
                : e.Message);
        }
        catch (BodyTooLargeException e) when (!context.Response.HasStarted)
        {
            await HttpAnswers.Text(context, StatusCodes.Status413PayloadTooLarge, $"Request body of at least {e.Length} bytes is larger than the limit of {e.Limit} bytes");
        }
        catch (UnsupportedMediaTypeException e) when (!context.Response.HasStarted)
        {
            await HttpAnswers.Text(context, StatusCodes.Status415UnsupportedMediaType, e.Message);
        }
        catch (BodyWaitException e) when (!context.Response.HasStarted)
        {
            context.Response.Headers.RetryAfter = "1";
            await HttpAnswers.Text(context, StatusCodes.Status503ServiceUnavailable, e.Message);
        }
        catch (Exception e) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            log.LogError(e, "{Method} {Path} failed", context.Request.Method, context.Request.Path);
            await HttpAnswers.Text(context, StatusCodes.Status500InternalServerError, e.Message);
        }
    }
}
