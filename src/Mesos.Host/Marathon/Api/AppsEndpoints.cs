using System.Text.Json;
using System.Text.Json.Nodes;
using Akka.Hosting;
using Mesos.Host.Http;
using Mesos.Host.Marathon.Apps;
using Mesos.Host.Marathon.Scheduler;
using Mesos.Host.Marathon.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using static Mesos.Host.Marathon.Api.MarathonAnswers;

namespace Mesos.Host.Marathon.Api;

/// <summary>/v2/apps: list, create, change (one or in bulk), restart, delete apps, their tasks and versions.</summary>
internal static class AppsEndpoints
{
    public static void MapApps(this WebApplication app, IRequiredActor<MarathonActor> marathon, RequestBodies bodies)
    {
        app.MapGet("/v2/apps", (HttpContext c) => List(c, marathon));
        app.MapPost("/v2/apps", (HttpContext c) => Create(c, marathon, bodies));
        app.MapPut("/v2/apps", (HttpContext c) => Bulk(c, marathon, bodies));
        app.MapPatch("/v2/apps", (HttpContext c) => Bulk(c, marathon, bodies));
        app.MapMethods("/v2/apps/{**path}", ["GET", "PUT", "PATCH", "DELETE", "POST"], (HttpContext c, string path) => Dispatch(c, marathon, bodies, path));
    }

    // Marathon's ids contain slashes, so the route is parsed here: the last /restart, /tasks[/{task}] or /versions[/{version}] is the action.
    private static Task Dispatch(HttpContext c, IRequiredActor<MarathonActor> marathon, RequestBodies bodies, string path)
    {
        var method = c.Request.Method;
        if (Split(path, "restart") is ({ } restartId, "") && method == "POST") return Restart(c, marathon, restartId);
        if (Split(path, "tasks") is ({ } tasksId, var task))
        {
            return (method, task) switch
            {
                ("GET", "") => Tasks(c, marathon, tasksId),
                ("DELETE", _) => TasksEndpoints.KillAppTasks(c, marathon, tasksId, task.Length == 0 ? null : task),
                _ => MethodNotAllowed(c),
            };
        }
        if (Split(path, "versions") is ({ } versionsId, var version) && method == "GET") return Versions(c, marathon, versionsId, version);
        return method switch
        {
            "GET" => Get(c, marathon, path),
            "PUT" or "PATCH" => Update(c, marathon, bodies, path),
            "DELETE" => Delete(c, marathon, path),
            _ => MethodNotAllowed(c),
        };
    }

    private static (string? Id, string After) Split(string path, string action)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var at = Array.LastIndexOf(segments, action);
        if (at < 1 || segments.Length - at > 2) return (null, "");
        return (string.Join('/', segments[..at]), segments.Length - at == 2 ? segments[^1] : "");
    }

    private static Task MethodNotAllowed(HttpContext c) => Message(c, StatusCodes.Status405MethodNotAllowed, $"{c.Request.Method} is not allowed here");

    private static async Task List(HttpContext c, IRequiredActor<MarathonActor> marathon)
    {
        var view = await View(marathon);
        var embed = c.Request.Query["embed"].ToArray();
        var idFilter = c.Request.Query["id"].ToString();
        var selector = LabelSelector.TryParse(c.Request.Query["label"].ToString(), out var error);
        if (selector is null)
        {
            await Message(c, StatusCodes.Status400BadRequest, error!);
            return;
        }
        var apps = view.State.Apps.Values
            .Where(a => idFilter.Length == 0 || a.Id.Contains(idFilter, StringComparison.Ordinal))
            .Where(a => selector.Matches(a.Definition.Labels));
        await Json(c, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("apps");
            foreach (var entry in apps) MarathonJson.App(w, entry, view, tasks: embed.Contains("apps.tasks"));
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static async Task Get(HttpContext c, IRequiredActor<MarathonActor> marathon, string path)
    {
        var view = await View(marathon);
        if (Known(view, path) is not { } entry)
        {
            await NotFound(c, path);
            return;
        }
        await Json(c, w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("app");
            MarathonJson.App(w, entry, view, tasks: true);
            w.WriteEndObject();
        });
    }

    private static async Task Create(HttpContext c, IRequiredActor<MarathonActor> marathon, RequestBodies bodies)
    {
        if (await ReadApp(c, bodies, null) is not { } definition) return;
        var answer = await Ask(marathon, new MarathonActor.CreateApps([definition]));
        if (await Refusal(c, answer)) return;
        var accepted = (MarathonActor.DeploymentAccepted)answer;
        var view = await View(marathon);
        c.Response.Headers.Location = "/v2/apps" + definition.Id;
        c.Response.Headers["Marathon-Deployment-Id"] = accepted.DeploymentId;
        await Json(c, w => MarathonJson.App(w, view.State.Apps[definition.Id], view, tasks: true), StatusCodes.Status201Created);
    }

    private static async Task Update(HttpContext c, IRequiredActor<MarathonActor> marathon, RequestBodies bodies, string path)
    {
        if (PathId.Normalize(path) is not { } id)
        {
            await NotFound(c, path);
            return;
        }
        var body = await ReadObject(c, bodies);
        if (body is null) return;
        var view = await View(marathon);
        var existing = view.State.Apps.GetValueOrDefault(id);
        AppDefinition definition;
        try
        {
            definition = AppJson.Read(existing is null ? body : AppUpdate.Merge(existing.Definition, body), id);
        }
        catch (AppInvalidException e)
        {
            await Invalid(c, e.Details);
            return;
        }
        if (definition.Id != id)
        {
            await Invalid(c, [new ValidationDetail("/id", ["The id in the body must be the app's id in the path"])]);
            return;
        }
        var answer = await Ask(marathon, new MarathonActor.PutApps([definition], Force(c)));
        if (await Refusal(c, answer)) return;
        await Deployment(c, (MarathonActor.DeploymentAccepted)answer, existing is null ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    /// <summary>PUT or PATCH /v2/apps: an array of apps (or partial apps with their ids), created or changed in one deployment.</summary>
    private static async Task Bulk(HttpContext c, IRequiredActor<MarathonActor> marathon, RequestBodies bodies)
    {
        JsonNode? body;
        try
        {
            body = AppJson.Parse(await bodies.Read(c, bodies.Limits.MaxSmallBodyBytes));
        }
        catch (JsonException e)
        {
            await NotJson(c, e);
            return;
        }
        if (body is not JsonArray array || array.Count == 0)
        {
            await Invalid(c, [new ValidationDetail("/", ["error.expected.jsarray of apps, not empty"])]);
            return;
        }
        var view = await View(marathon);
        var errors = new ValidationErrors();
        var apps = new List<AppDefinition>();
        for (var i = 0; i < array.Count; i++)
        {
            var path = $"({i})";
            if (array[i] is not JsonObject item || item["id"]?.GetValueKind() != JsonValueKind.String || PathId.Normalize(item["id"]!.GetValue<string>()) is not { } id)
            {
                errors.Add($"{path}/id", "every app of a bulk update needs a valid id");
                continue;
            }
            var existing = view.State.Apps.GetValueOrDefault(id);
            var app = AppJson.Read(existing is null ? item : AppUpdate.Merge(existing.Definition, item), id, errors, path);
            AppValidator.Validate(app, errors, path);
            if (app is not null) apps.Add(app);
        }
        if (apps.Select(a => a.Id).Distinct().Count() != apps.Count) errors.Add("/", "each app may appear once");
        if (errors.Any)
        {
            await Invalid(c, errors.Details);
            return;
        }
        var answer = await Ask(marathon, new MarathonActor.PutApps(apps, Force(c)));
        if (await Refusal(c, answer)) return;
        await Deployment(c, (MarathonActor.DeploymentAccepted)answer);
    }

    private static async Task Delete(HttpContext c, IRequiredActor<MarathonActor> marathon, string path)
    {
        if (PathId.Normalize(path) is not { } id)
        {
            await NotFound(c, path);
            return;
        }
        var answer = await Ask(marathon, new MarathonActor.RemoveApps([id], Force(c)));
        if (await Refusal(c, answer)) return;
        await Deployment(c, (MarathonActor.DeploymentAccepted)answer);
    }

    private static async Task Restart(HttpContext c, IRequiredActor<MarathonActor> marathon, string path)
    {
        if (PathId.Normalize(path) is not { } id)
        {
            await NotFound(c, path);
            return;
        }
        var answer = await Ask(marathon, new MarathonActor.RestartApp(id, Force(c)));
        if (await Refusal(c, answer)) return;
        await Deployment(c, (MarathonActor.DeploymentAccepted)answer);
    }

    private static async Task Tasks(HttpContext c, IRequiredActor<MarathonActor> marathon, string path)
    {
        var view = await View(marathon);
        if (Known(view, path) is not { } entry)
        {
            await NotFound(c, path);
            return;
        }
        await Json(c, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("tasks");
            foreach (var instance in view.State.InstancesOf(entry.Id)) MarathonJson.Task(w, instance, entry);
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static async Task Versions(HttpContext c, IRequiredActor<MarathonActor> marathon, string path, string version)
    {
        var view = await View(marathon);
        if (Known(view, path) is not { } entry || !view.State.Versions.TryGetValue(entry.Id, out var versions))
        {
            await NotFound(c, path);
            return;
        }
        if (version.Length == 0)
        {
            await Json(c, w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("versions");
                foreach (var v in versions.Reverse()) w.WriteStringValue(AppVersions.Format(v.Version));
                w.WriteEndArray();
                w.WriteEndObject();
            });
            return;
        }
        var found = AppVersions.TryParse(version, out var at) ? versions.FirstOrDefault(v => v.Version == at) : null;
        if (found is null)
        {
            await Message(c, StatusCodes.Status404NotFound, $"App '{entry.Id}' does not exist in version {version}");
            return;
        }
        await Json(c, w => MarathonJson.AppVersion(w, found));
    }

    internal static AppEntry? Known(MarathonActor.View view, string path) =>
        PathId.Normalize(path) is { } id ? view.State.Apps.GetValueOrDefault(id) : null;

    internal static Task NotFound(HttpContext c, string path) =>
        Message(c, StatusCodes.Status404NotFound, $"App '{(PathId.Normalize(path) ?? "/" + path)}' does not exist");

    private static async Task<AppDefinition?> ReadApp(HttpContext c, RequestBodies bodies, string? pathId)
    {
        var body = await ReadObject(c, bodies);
        if (body is null) return null;
        try
        {
            return AppJson.Read(body, pathId);
        }
        catch (AppInvalidException e)
        {
            await Invalid(c, e.Details);
            return null;
        }
    }

    private static async Task<JsonObject?> ReadObject(HttpContext c, RequestBodies bodies)
    {
        try
        {
            if (AppJson.Parse(await bodies.Read(c, bodies.Limits.MaxSmallBodyBytes)) is JsonObject body) return body;
            await Invalid(c, [new ValidationDetail("/", ["error.expected.jsobject"])]);
            return null;
        }
        catch (JsonException e)
        {
            await NotJson(c, e);
            return null;
        }
    }
}
