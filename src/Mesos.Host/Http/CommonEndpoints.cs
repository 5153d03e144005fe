using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Mesos.Host.Http;

/// <summary>Endpoints every master and agent serves: /health, /version and /flags.</summary>
internal static class CommonEndpoints
{
    public static void MapCommon(this IEndpointRouteBuilder app, IReadOnlyDictionary<string, string> flags)
    {
        var flagsJson = JsonSerializer.Serialize(new { flags });
        app.MapGet("/health", (HttpContext c) => { c.Response.StatusCode = StatusCodes.Status200OK; });
        app.MapGet("/version", (HttpContext c) => HttpAnswers.Json(c, VersionJson()));
        app.MapGet("/flags", (HttpContext c) => HttpAnswers.Json(c, flagsJson));
    }

    private static string VersionJson() => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["build_date"] = VersionInfo.BuildDate.ToString("yyyy-MM-dd HH:mm:ss"),
        ["build_time"] = (double)VersionInfo.BuildDate.ToUnixTimeSeconds(),
        ["build_user"] = "",
        ["version"] = VersionInfo.Version,
    });
}
