using Mesos.Host.WebUi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Mesos.Host.Marathon.Ui;

/// <summary>
/// Marathon's web UI on its API's port: the apps with their status, instances and health, an app's tasks,
/// deployments and versions with scale, restart, suspend and destroy, the deployments with what each waits for,
/// the launch queue with why offers were refused, and a JSON editor; all through the v2 REST API.
/// </summary>
internal static class MarathonUi
{
    private const string Resources = "marathon-ui/";

    public static void MapMarathonUi(this WebApplication app)
    {
        var assets = WebUiAssets.Load(Resources);
        app.MapGet("/", (HttpContext c) => WebUiEndpoints.Serve(c, assets.Find("index.html")));
        app.MapGet("/ui/{**path}", (HttpContext c, string? path) => WebUiEndpoints.Serve(c, path is null ? null : assets.Find(path)));
    }
}
