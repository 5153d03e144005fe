using Mesos.Actors.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;

namespace Mesos.Host.Http;

/// <summary>
/// Turns failures into the plain-text answers Mesos gives: a body over its limit is 413, one in a type or
/// charset that is not read 415, a bad request 400, a large body that could not get its turn 503 (retry), an
/// actor too busy to answer within the request's ask timeout 503 (retry), anything unexpected 500 with its message (and a log line). No error goes without a message: a path
/// no endpoint serves, or a method it does not take, is told so.
/// </summary>
internal sealed class MesosErrors(RequestDelegate next, ILogger<MesosErrors> log)
{
    /// <summary>The message of an error status that routing set without one (no endpoint, or not for this method).</summary>
    private static string Unanswered(HttpContext context)
    {
        var path = context.Request.PathBase + context.Request.Path;
        return context.Response.StatusCode switch
        {
            StatusCodes.Status404NotFound => $"No endpoint at '{path}'",
            StatusCodes.Status405MethodNotAllowed => $"'{path}' takes {context.Response.Headers.Allow}, not {context.Request.Method}",
            var status => ReasonPhrases.GetReasonPhrase(status),
        };
    }

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
            if (!context.Response.HasStarted && context.Response.StatusCode >= 400 && !HttpMethods.IsHead(context.Request.Method))
            {
                // Nothing was written, whatever length an inner layer declared for it.
                context.Response.ContentLength = null;
                await HttpAnswers.Text(context, context.Response.StatusCode, Unanswered(context));
            }
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
        catch (UnavailableException e) when (!context.Response.HasStarted)
        {
            context.Response.Headers.RetryAfter = "1";
            await HttpAnswers.Text(context, StatusCodes.Status503ServiceUnavailable, e.Message);
        }
        catch (BodyWaitException e) when (!context.Response.HasStarted)
        {
            context.Response.Headers.RetryAfter = "1";
            await HttpAnswers.Text(context, StatusCodes.Status503ServiceUnavailable, e.Message);
        }
        catch (Akka.Actor.AskTimeoutException) when (!context.Response.HasStarted)
        {
            // A busy process is no broken one: clients retry a 503, as they do while a master is elected.
            context.Response.Headers.RetryAfter = "1";
            await HttpAnswers.Text(context, StatusCodes.Status503ServiceUnavailable, "Too busy to answer in time; try again");
        }
        catch (Exception e) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            log.LogError(e, "{Method} {Path} failed", context.Request.Method, context.Request.Path);
            await HttpAnswers.Text(context, StatusCodes.Status500InternalServerError, e.Message);
        }
    }
}
