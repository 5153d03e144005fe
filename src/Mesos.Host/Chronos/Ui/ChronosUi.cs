using Mesos.Host.WebUi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Mesos.Host.Chronos.Ui;

/// <summary>
/// Chronos' page on its own port: the jobs with their next run, last success and last failure in each
/// job's time zone, the dependency graph, run now, enable and disable; all through the REST API.
/// </summary>
internal static class ChronosUi
{
    private const string Resources = "chronos-ui/";

    public static void MapChronosUi(this WebApplication app)
    {
        var assets = WebUiAssets.Load(Resources);
        app.MapGet("/", (HttpContext c) => WebUiEndpoints.Serve(c, assets.Find("index.html")));
        app.MapGet("/ui/{**path}", (HttpContext c, string? path) => WebUiEndpoints.Serve(c, path is null ? null : assets.Find(path)));
    }
}
