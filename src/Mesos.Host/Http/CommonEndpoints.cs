using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Mesos.Host.Http;

/// <summary>Endpoints every master and agent serves: /health, /version and /flags, under a prefix too.</summary>
internal static class CommonEndpoints
{
    public static void MapCommon(this IEndpointRouteBuilder app, IReadOnlyDictionary<string, string> flags, string prefix = "")
    {
        var flagsJson = JsonSerializer.Serialize(new { flags });
        foreach (var root in prefix.Length == 0 ? [""] : new[] { "", prefix })
        {
            app.MapGet(root + "/health", (HttpContext c) => { c.Response.StatusCode = StatusCodes.Status200OK; });
            app.MapGet(root + "/version", (HttpContext c) => HttpAnswers.Json(c, VersionJson()));
            app.MapGet(root + "/flags", (HttpContext c) => HttpAnswers.Json(c, flagsJson));
        }
    }

    private static string VersionJson() => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["build_date"] = VersionInfo.BuildDate.ToString("yyyy-MM-dd HH:mm:ss"),
        ["build_time"] = (double)VersionInfo.BuildDate.ToUnixTimeSeconds(),
        ["build_user"] = "",
        ["version"] = VersionInfo.Version,
    });
}
