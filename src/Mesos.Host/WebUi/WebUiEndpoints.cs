using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Mesos.Host.WebUi;

/// <summary>
/// Serves the web UI on the master's port: the page at <c>/</c> (<c>/master/</c> redirects there) and its
/// files under <c>/webui/</c>. The page reads the master's own endpoints, and agents' for sandboxes.
/// </summary>
internal static class WebUiEndpoints
{
    public const string AssetsPath = "/webui";

    public static void MapWebUi(this IEndpointRouteBuilder app)
    {
        var assets = WebUiAssets.Load();
        app.MapGet("/", (HttpContext c) =>
        {
            // Under the process's name (/master/) the page's relative requests would miss: it lives at the root.
            if (c.Request.PathBase.HasValue && c.Request.PathBase.Value!.EndsWith("/master", StringComparison.Ordinal))
            {
                // 307, as the master's other redirects: the same request, at the root.
                c.Response.Redirect(c.Request.PathBase.Value[..^"/master".Length] + "/", permanent: false, preserveMethod: true);
                return Task.CompletedTask;
            }
            return Serve(c, assets.Find("index.html"));
        });
        app.MapGet(AssetsPath + "/{**path}", (HttpContext c, string? path) => Serve(c, path is null ? null : assets.Find(path)));
    }

    /// <summary>Answers with an embedded file (404 when there is none), revalidated by its ETag.</summary>
    public static Task Serve(HttpContext context, WebUiAsset? asset)
    {
        var response = context.Response;
        if (asset is null)
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }
        // Revalidated on every load, so that a master upgraded in place serves its own UI at once.
        response.Headers.CacheControl = "no-cache";
        response.Headers.ETag = asset.ETag;
        response.Headers.XContentTypeOptions = "nosniff";
        if (context.Request.Headers.IfNoneMatch == asset.ETag)
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }
        response.ContentType = asset.ContentType;
        response.ContentLength = asset.Body.Length;
        return response.Body.WriteAsync(asset.Body, context.RequestAborted).AsTask();
    }
}
