using System.Text.Json;
using Akka.Hosting;
using Mesos.Host.Http;
using Mesos.Host.Marathon.Apps;
using Mesos.Host.Marathon.Groups;
using Mesos.Host.Marathon.Scheduler;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using static Mesos.Host.Marathon.Api.MarathonAnswers;

namespace Mesos.Host.Marathon.Api;

/// <summary>
/// /v2/groups: the tree of groups (GET), creating a group with its apps and subgroups (POST), changing one (PUT), and
/// removing one with every app in it (DELETE); each change is one deployment.
/// </summary>
internal static class GroupsEndpoints
{
    public static void MapGroups(this WebApplication app, IRequiredActor<MarathonActor> marathon, RequestBodies bodies)
    {
        app.MapGet("/v2/groups", (HttpContext c) => Get(c, marathon, "/"));
        app.MapGet("/v2/groups/{**path}", (HttpContext c, string path) => Get(c, marathon, path));
        app.MapPost("/v2/groups", (HttpContext c) => Change(c, marathon, bodies, "/", create: true));
        app.MapPost("/v2/groups/{**path}", (HttpContext c, string path) => Change(c, marathon, bodies, path, create: true));
        app.MapPut("/v2/groups", (HttpContext c) => Change(c, marathon, bodies, "/", create: false));
        app.MapPut("/v2/groups/{**path}", (HttpContext c, string path) => Change(c, marathon, bodies, path, create: false));
        app.MapDelete("/v2/groups/{**path}", async (HttpContext c, string path) =>
        {
            if (PathId.Normalize(path) is not { } group)
            {
                await Message(c, StatusCodes.Status404NotFound, $"Group '{path}' does not exist");
                return;
            }
            var answer = await Ask(marathon, new MarathonActor.RemoveGroup(group, Force(c)));
            if (await Refusal(c, answer)) return;
            await Deployment(c, (MarathonActor.DeploymentAccepted)answer);
        });
    }

    private static async Task Change(HttpContext c, IRequiredActor<MarathonActor> marathon, RequestBodies bodies, string path, bool create)
    {
        var at = path == "/" ? "/" : PathId.Normalize(path);
        if (at is null)
        {
            await Invalid(c, [new ValidationDetail("/id", [$"'{AppJson.Cut(path)}' is not a valid group id"])]);
            return;
        }
        GroupUpdate update;
        try
        {
            update = GroupJson.Read(AppJson.Parse(await bodies.Read(c, bodies.Limits.MaxSmallBodyBytes)), at);
        }
        catch (JsonException e)
        {
            await NotJson(c, e);
            return;
        }
        catch (AppInvalidException e)
        {
            await Invalid(c, e.Details);
            return;
        }
        if (create && update.Id == "/")
        {
            await Invalid(c, [new ValidationDetail("/id", ["A new group needs an id: the root group exists"])]);
            return;
        }
        var answer = await Ask(marathon, new MarathonActor.ChangeGroup(update, create, Force(c)));
        if (await Refusal(c, answer)) return;
        if (create) c.Response.Headers.Location = "/v2/groups" + update.Id;
        await Deployment(c, (MarathonActor.DeploymentAccepted)answer, create ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    private static async Task Get(HttpContext c, IRequiredActor<MarathonActor> marathon, string path)
    {
        var view = await View(marathon);
        var group = path == "/" ? "/" : PathId.Normalize(path);
        if (group is null || (group != "/" && !view.State.GroupIds.Contains(group)))
        {
            await Message(c, StatusCodes.Status404NotFound, $"Group '{group ?? path}' does not exist");
            return;
        }
        var groups = view.State.GroupIds.ToList();
        // As Marathon, apps come without their tasks unless asked for with embed=group.apps.tasks.
        var tasks = c.Request.Query["embed"].Contains("group.apps.tasks");
        await Json(c, w => Group(w, group, groups, view, tasks));
    }

    private static void Group(Utf8JsonWriter w, string group, IReadOnlyList<string> groups, MarathonActor.View view, bool tasks)
    {
        var apps = view.State.Apps.Values.Where(a => PathId.IsWithin(a.Id, group) && a.Id != group).ToList();
        w.WriteStartObject();
        w.WriteString("id", group);
        w.WriteStartArray("apps");
        foreach (var app in apps.Where(a => PathId.Parent(a.Id) == group)) MarathonJson.App(w, app, view, tasks);
        w.WriteEndArray();
        w.WriteStartArray("groups");
        foreach (var child in groups.Where(g => g != group && PathId.Parent(g) == group)) Group(w, child, groups, view, tasks);
        w.WriteEndArray();
        w.WriteStartArray("pods");
        w.WriteEndArray();
        var entry = view.State.Groups.GetValueOrDefault(group);
        w.WriteStartArray("dependencies");
        foreach (var dependency in entry?.Dependencies ?? []) w.WriteStringValue(dependency);
        w.WriteEndArray();
        var latest = apps.Select(a => a.Version).Concat(view.State.Groups.Values.Where(g => PathId.IsWithin(g.Id, group)).Select(g => g.Version))
            .DefaultIfEmpty(view.Now).Max();
        w.WriteString("version", AppVersions.Format(latest));
        w.WriteEndObject();
    }
}
