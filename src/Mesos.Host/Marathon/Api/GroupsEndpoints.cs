using System.Text.Json;
using Akka.Hosting;
using Mesos.Host.Marathon.Apps;
using Mesos.Host.Marathon.Scheduler;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using static Mesos.Host.Marathon.Api.MarathonAnswers;

namespace Mesos.Host.Marathon.Api;

/// <summary>/v2/groups: the tree of groups the apps' ids form (GET), and removing a group with every app in it (DELETE).</summary>
internal static class GroupsEndpoints
{
    public static void MapGroups(this WebApplication app, IRequiredActor<MarathonActor> marathon)
    {
        app.MapGet("/v2/groups", (HttpContext c) => Get(c, marathon, "/"));
        app.MapGet("/v2/groups/{**path}", (HttpContext c, string path) => Get(c, marathon, path));
        app.MapDelete("/v2/groups/{**path}", async (HttpContext c, string path) =>
        {
            var view = await View(marathon);
            var group = PathId.Normalize(path);
            var apps = group is null ? [] : view.State.Apps.Keys.Where(id => PathId.IsWithin(id, group) && id != group).ToList();
            if (apps.Count == 0)
            {
                await Message(c, StatusCodes.Status404NotFound, $"Group '{group ?? path}' does not exist");
                return;
            }
            var answer = await Ask(marathon, new MarathonActor.RemoveApps(apps, Force(c)));
            if (await Refusal(c, answer)) return;
            await Deployment(c, (MarathonActor.DeploymentAccepted)answer);
        });
    }

    private static async Task Get(HttpContext c, IRequiredActor<MarathonActor> marathon, string path)
    {
        var view = await View(marathon);
        var group = path == "/" ? "/" : PathId.Normalize(path);
        var apps = group is null ? [] : view.State.Apps.Values.Where(a => PathId.IsWithin(a.Id, group) && a.Id != group).ToList();
        if (group is null || (group != "/" && apps.Count == 0))
        {
            await Message(c, StatusCodes.Status404NotFound, $"Group '{group ?? path}' does not exist");
            return;
        }
        await Json(c, w => Group(w, group, apps, view));
    }

    private static void Group(Utf8JsonWriter w, string group, IReadOnlyList<State.AppEntry> apps, MarathonActor.View view)
    {
        w.WriteStartObject();
        w.WriteString("id", group);
        w.WriteStartArray("apps");
        foreach (var app in apps.Where(a => PathId.Parent(a.Id) == group)) MarathonJson.App(w, app, view, tasks: false);
        w.WriteEndArray();
        w.WriteStartArray("groups");
        foreach (var child in apps.Select(a => Child(group, a.Id)).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            Group(w, child, [.. apps.Where(a => PathId.IsWithin(a.Id, child))], view);
        }
        w.WriteEndArray();
        w.WriteStartArray("pods");
        w.WriteEndArray();
        w.WriteStartArray("dependencies");
        w.WriteEndArray();
        var latest = apps.Select(a => a.Version).DefaultIfEmpty(view.Now).Max();
        w.WriteString("version", AppVersions.Format(latest));
        w.WriteEndObject();
    }

    // The group directly under `group` that holds the app, or null when the app sits in `group` itself.
    private static string? Child(string group, string appId)
    {
        var rest = appId[(group == "/" ? 1 : group.Length + 1)..];
        var slash = rest.IndexOf('/');
        return slash < 0 ? null : (group == "/" ? "/" : group + "/") + rest[..slash];
    }
}
