using System.Text.Json;
using Akka.Hosting;
using Mesos.Host.Http;
using Mesos.Host.Marathon.Scheduler;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using static Mesos.Host.Marathon.Api.MarathonAnswers;

namespace Mesos.Host.Marathon.Api;

/// <summary>/v2/tasks and the killing of tasks (DELETE /v2/apps/{id}/tasks[/{task}], POST /v2/tasks/delete).</summary>
internal static class TasksEndpoints
{
    public static void MapTasks(this WebApplication app, IRequiredActor<MarathonActor> marathon, RequestBodies bodies)
    {
        app.MapGet("/v2/tasks", async (HttpContext c) =>
        {
            var view = await View(marathon);
            var states = c.Request.Query["status"].Select(s => "TASK_" + s!.ToUpperInvariant()).ToHashSet(StringComparer.Ordinal);
            await Json(c, w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("tasks");
                foreach (var instance in view.State.Instances.Values.Where(i => states.Count == 0 || states.Contains(i.State)))
                {
                    MarathonJson.Task(w, instance, view.State.Apps.GetValueOrDefault(instance.AppId));
                }
                w.WriteEndArray();
                w.WriteEndObject();
            });
        });
        app.MapPost("/v2/tasks/delete", async (HttpContext c) =>
        {
            List<string> ids;
            try
            {
                using var body = JsonDocument.Parse(await bodies.Read(c, bodies.Limits.MaxSmallBodyBytes), new JsonDocumentOptions { MaxDepth = 8 });
                if (!body.RootElement.TryGetProperty("ids", out var array) || array.ValueKind != JsonValueKind.Array
                    || array.EnumerateArray().Any(i => i.ValueKind != JsonValueKind.String))
                {
                    await Invalid(c, [new Apps.ValidationDetail("/ids", ["error.expected.jsarray of task ids"])]);
                    return;
                }
                ids = [.. array.EnumerateArray().Select(i => i.GetString()!)];
            }
            catch (JsonException e)
            {
                await NotJson(c, e);
                return;
            }
            await Kill(c, marathon, ids);
        });
    }

    /// <summary>DELETE /v2/apps/{id}/tasks (every task of the app, or those on ?host=) or /v2/apps/{id}/tasks/{task}.</summary>
    public static async Task KillAppTasks(HttpContext c, IRequiredActor<MarathonActor> marathon, string path, string? taskId)
    {
        var view = await View(marathon);
        if (AppsEndpoints.Known(view, path) is not { } app)
        {
            await AppsEndpoints.NotFound(c, path);
            return;
        }
        var host = c.Request.Query["host"].ToString();
        var instances = view.State.InstancesOf(app.Id).Where(i => (taskId is null || i.TaskId == taskId) && (host.Length == 0 || i.Agent.Hostname == host)).ToList();
        if (taskId is not null && instances.Count == 0)
        {
            await Message(c, StatusCodes.Status404NotFound, $"Task '{taskId}' does not exist");
            return;
        }
        await Kill(c, marathon, [.. instances.Select(i => i.TaskId)], single: taskId is not null);
    }

    // Marathon's wipe forgets resident tasks' reservations; with none here, it is a kill.
    private static async Task Kill(HttpContext c, IRequiredActor<MarathonActor> marathon, IReadOnlyList<string> taskIds, bool single = false)
    {
        var answer = await Ask(marathon, new MarathonActor.KillTasks(taskIds, Flag(c, "scale"), Force(c)));
        if (await Refusal(c, answer)) return;
        var killed = (MarathonActor.TasksKilled)answer;
        if (killed.Deployment is { } deployment)
        {
            await Deployment(c, deployment);
            return;
        }
        await Json(c, w =>
        {
            w.WriteStartObject();
            if (single && killed.Instances.Count == 1)
            {
                w.WritePropertyName("task");
                MarathonJson.Task(w, killed.Instances[0], null);
            }
            else
            {
                w.WriteStartArray("tasks");
                foreach (var instance in killed.Instances) MarathonJson.Task(w, instance, null);
                w.WriteEndArray();
            }
            w.WriteEndObject();
        });
    }
}
