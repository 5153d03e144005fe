using Mesos.Host.Http;
using Microsoft.AspNetCore.Http;

namespace Mesos.Host.Master.HighAvailability;

/// <summary>
/// A master that does not lead answers what only the leader can with 307 and the leader's address in
/// <c>Location</c> (scheme-relative, as Mesos writes it: <c>//host:port/path</c>), or 503 while no master
/// leads. It still answers for itself what is its own: /health, /version, /flags, /redirect and the web
/// UI's files. /redirect points at the leader the same way, and so does the web UI's page.
/// </summary>
/// <remarks>
/// A client of /redirect that sends <c>Prefer: wait=N</c> (RFC 7240) while no master leads is answered
/// the moment one does, or with the 503 after N seconds (at most <see cref="MaxWait"/>): agents that
/// lost their leader reconnect as soon as the next is elected, without asking again and again meanwhile.
/// </remarks>
internal sealed class FollowerRedirects(RequestDelegate next, Leadership leadership)
{
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(30);

    private static readonly string[] OwnPaths = ["/health", "/version", "/flags", "/webui/"];

    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        var redirect = path == "/redirect" || path.StartsWith("/redirect/", StringComparison.Ordinal);
        var view = leadership.View;
        if (!redirect && (view.Leading || OwnPaths.Any(p => p.EndsWith('/') ? path.StartsWith(p, StringComparison.Ordinal) : path == p)))
        {
            await next(context);
            return;
        }
        if (redirect && view.Leader is null) view = await leadership.LeaderWithin(PreferredWait(context.Request), context.RequestAborted);
        if (view.Leader is not { } leader)
        {
            context.Response.Headers.RetryAfter = "1";
            await HttpAnswers.Text(context, StatusCodes.Status503ServiceUnavailable, "No master leads at the moment (one is being elected); try again");
            return;
        }
        // /redirect takes itself off; any other request keeps its whole path, the libprocess prefix too.
        var rest = redirect ? new PathString(path["/redirect".Length..]) : context.Request.PathBase.Add(context.Request.Path);
        context.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
        // The path comes decoded; it goes back into the header escaped again, so that no byte of it can break the header.
        context.Response.Headers.Location = $"//{leader}{rest.ToUriComponent()}{(redirect ? "" : context.Request.QueryString.ToUriComponent())}";
    }

    /// <summary>The <c>wait</c> preference of the request's Prefer headers, within <see cref="MaxWait"/>; zero when it states none.</summary>
    private static TimeSpan PreferredWait(HttpRequest request)
    {
        foreach (var header in request.Headers["Prefer"])
        {
            foreach (var preference in (header ?? "").Split(',', StringSplitOptions.TrimEntries))
            {
                var parts = preference.Split('=', 2, StringSplitOptions.TrimEntries);
                if (parts.Length == 2 && parts[0].Equals("wait", StringComparison.OrdinalIgnoreCase)
                    && uint.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
                {
                    return TimeSpan.FromSeconds(Math.Min(seconds, MaxWait.TotalSeconds));
                }
            }
        }
        return TimeSpan.Zero;
    }
}
