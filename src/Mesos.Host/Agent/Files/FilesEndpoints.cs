using System.Globalization;
using System.Text.Json;
using Mesos.Host.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace Mesos.Host.Agent.Files;

/// <summary>
/// The agent's /files endpoints as Mesos documents them (each also with <c>.json</c>): browse a
/// directory, read a piece of a file as <c>{data, offset}</c>, download a file, and /files/debug, the
/// table of virtual paths. GETs, so that a web UI on another origin reads them through <c>?jsonp=</c>.
/// </summary>
internal static class FilesEndpoints
{
    public static void MapFiles(this IEndpointRouteBuilder app, AgentFileSystem files)
    {
        Map(app, "/files/browse", async c =>
        {
            var paths = await files.Paths(c.RequestAborted);
            if (SandboxFiles.Browse(paths, c.Request.Query["path"], out var entries) is Refused refused)
            {
                await Refuse(c, refused);
                return;
            }
            await HttpAnswers.Json(c, w =>
            {
                w.WriteStartArray();
                foreach (var entry in entries) WriteEntry(w, entry);
                w.WriteEndArray();
            });
        });
        Map(app, "/files/read", async c =>
        {
            var badOffset = Number(c.Request.Query, "offset", required: true, out var offset);
            var badLength = Number(c.Request.Query, "length", required: false, out var length);
            if ((badOffset ?? badLength) is { } malformed)
            {
                await Refuse(c, malformed);
                return;
            }
            var paths = await files.Paths(c.RequestAborted);
            if (SandboxFiles.Read(paths, c.Request.Query["path"], offset!.Value, length, out var chunk) is Refused refused)
            {
                await Refuse(c, refused);
                return;
            }
            await HttpAnswers.Json(c, w =>
            {
                w.WriteStartObject();
                w.WriteString("data", SandboxFiles.Text(chunk!));
                w.WriteNumber("offset", chunk!.Offset);
                w.WriteEndObject();
            });
        });
        Map(app, "/files/download", async c =>
        {
            var paths = await files.Paths(c.RequestAborted);
            if (SandboxFiles.Download(paths, c.Request.Query["path"], out var file) is Refused refused)
            {
                await Refuse(c, refused);
                return;
            }
            await Send(c, file!);
        });
        Map(app, "/files/debug", async c =>
        {
            var paths = await files.Paths(c.RequestAborted);
            await HttpAnswers.Json(c, w =>
            {
                w.WriteStartObject();
                foreach (var (virtualPath, realPath) in paths.Table.OrderBy(e => e.Key, StringComparer.Ordinal)) w.WriteString(virtualPath, realPath);
                w.WriteEndObject();
            });
        });
    }

    private static void Map(IEndpointRouteBuilder app, string path, RequestDelegate handle)
    {
        foreach (var alias in new[] { path, path + ".json" }) app.MapGet(alias, handle);
    }

    private static Task Refuse(HttpContext context, Refused refused) => HttpAnswers.Text(context, refused.Status, refused.Message);

    /// <summary>Reads an integer query parameter: why it cannot be read, or null.</summary>
    private static Refused? Number(IQueryCollection query, string name, bool required, out long? value)
    {
        value = null;
        if (query[name] is not [{ } text])
        {
            return required ? new Refused(StatusCodes.Status400BadRequest, $"Expecting '{name}=value' in query.") : null;
        }
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
        {
            return new Refused(StatusCodes.Status400BadRequest, $"Failed to parse {name}: '{text}' is not an integer");
        }
        value = parsed;
        return null;
    }

    private static async Task Send(HttpContext context, OpenedFile file)
    {
        await using var stream = file.Stream;
        context.Response.ContentType = "application/octet-stream";
        context.Response.ContentLength = stream.Length;
        context.Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileNameStar = file.Name }.ToString();
        await stream.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    private static void WriteEntry(Utf8JsonWriter w, FileEntry entry)
    {
        w.WriteStartObject();
        w.WriteString("gid", entry.Group);
        w.WriteString("mode", entry.Stat.ModeText());
        w.WriteNumber("mtime", entry.Stat.ModifiedSeconds);
        w.WriteNumber("nlink", entry.Stat.Links);
        w.WriteString("path", entry.Path);
        w.WriteNumber("size", entry.Stat.Size);
        w.WriteString("uid", entry.Owner);
        w.WriteEndObject();
    }
}
