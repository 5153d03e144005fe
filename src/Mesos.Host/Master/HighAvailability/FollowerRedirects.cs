using Mesos.Host.Http;
using Microsoft.AspNetCore.Http;

namespace Mesos.Host.Master.HighAvailability;

/// <summary>
/// A master that does not lead answers what only the leader can with 307 and the leader's address in
/// <c>Location</c> (scheme-relative, as Mesos writes it: <c>//host:port/path</c>), or 503 while no master
/// leads. It still answers for itself what is its own: /health, /version, /flags, /redirect and the web
/// UI's files. /redirect points at the leader the same way, and so does the web UI's page.
/// </summary>
internal sealed class FollowerRedirects(RequestDelegate next, Leadership leadership)
{
    private static readonly string[] OwnPaths = ["/health", "/version", "/flags", "/webui/"];

    public Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        var redirect = path == "/redirect" || path.StartsWith("/redirect/", StringComparison.Ordinal);
        var view = leadership.View;
        if (!redirect && (view.Leading || OwnPaths.Any(p => p.EndsWith('/') ? path.StartsWith(p, StringComparison.Ordinal) : path == p))) return next(context);
        if (view.Leader is not { } leader)
        {
            context.Response.Headers.RetryAfter = "1";
            return HttpAnswers.Text(context, StatusCodes.Status503ServiceUnavailable, "No master leads at the moment (one is being elected); try again");
        }
        // /redirect takes itself off; any other request keeps its whole path, the libprocess prefix too.
        var rest = redirect ? new PathString(path["/redirect".Length..]) : context.Request.PathBase.Add(context.Request.Path);
        context.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
        // The path comes decoded; it goes back into the header escaped again, so that no byte of it can break the header.
        context.Response.Headers.Location = $"//{leader}{rest.ToUriComponent()}{(redirect ? "" : context.Request.QueryString.ToUriComponent())}";
        return Task.CompletedTask;
    }
}
