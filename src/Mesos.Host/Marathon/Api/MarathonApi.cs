using System.Text.Json;
using Akka.Hosting;
using Mesos.Host.Http;
using Mesos.Host.Marathon.Apps;
using Mesos.Host.Marathon.Events;
using Mesos.Host.Marathon.Scheduler;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using static Mesos.Host.Marathon.Api.MarathonAnswers;

namespace Mesos.Host.Marathon.Api;

/// <summary>Marathon's REST API (v2) on the scheduler actor: endpoints parse, hand over, and answer as Marathon does.</summary>
internal static class MarathonApi
{
    public static void MapMarathonApi(this WebApplication app, IRequiredActor<MarathonActor> marathon, RequestBodies bodies, MarathonEventBus bus, MarathonInfo info)
    {
        app.MapGet("/ping", (HttpContext c) => HttpAnswers.Text(c, StatusCodes.Status200OK, "pong"));
        app.MapGet("/v2/info", async (HttpContext c) =>
        {
            var view = await View(marathon);
            await Json(c, w => Info(w, info, view));
        });
        app.MapGet("/v2/leader", (HttpContext c) => Json(c, w =>
        {
            w.WriteStartObject();
            w.WriteString("leader", info.Leader);
            w.WriteEndObject();
        }));
        // Marathon's abdication: this Marathon gives up its subscription; being the only one, it subscribes again at once.
        app.MapDelete("/v2/leader", async (HttpContext c) =>
        {
            await Ask(marathon, MarathonActor.Abdicate.Instance);
            await Message(c, StatusCodes.Status200OK, "Leadership abdicated");
        });
        app.MapApps(marathon, bodies);
        app.MapTasks(marathon, bodies);
        app.MapGroups(marathon, bodies);
        app.MapGet("/v2/deployments", async (HttpContext c) =>
        {
            var view = await View(marathon);
            await Json(c, w =>
            {
                w.WriteStartArray();
                foreach (var deployment in view.State.Deployments.Values) MarathonJson.Deployment(w, deployment, view);
                w.WriteEndArray();
            });
        });
        app.MapDelete("/v2/deployments/{id}", async (HttpContext c, string id) =>
        {
            var force = Force(c);
            var answer = await Ask(marathon, new MarathonActor.CancelDeployment(id, force));
            if (await Refusal(c, answer)) return;
            if (answer is MarathonActor.DeploymentAccepted rollback) await Deployment(c, rollback);
            else c.Response.StatusCode = StatusCodes.Status202Accepted;
        });
        app.MapGet("/v2/queue", async (HttpContext c) =>
        {
            var view = await View(marathon);
            await Json(c, w => MarathonJson.Queue(w, view, c.Request.Query["embed"].Contains("lastUnusedOffers")));
        });
        app.MapDelete("/v2/queue/{**app}", async (HttpContext c, string app) =>
        {
            if (!app.EndsWith("/delay", StringComparison.Ordinal) || PathId.Normalize(app[..^"/delay".Length]) is not { } id)
            {
                await Message(c, StatusCodes.Status404NotFound, "Not found");
                return;
            }
            var view = await View(marathon);
            if (view.Plans.GetValueOrDefault(id)?.Launch is not > 0)
            {
                await Message(c, StatusCodes.Status404NotFound, $"Application {id} not found in tasks queue.");
                return;
            }
            await Ask(marathon, new MarathonActor.ResetDelay(id));
            c.Response.StatusCode = StatusCodes.Status204NoContent;
        });
        app.MapGet("/v2/events", (HttpContext c) => EventStream.Serve(c, bus));
        app.MapGet("/metrics", async (HttpContext c) =>
        {
            var view = await View(marathon);
            await Json(c, w => Metrics(w, view));
        });
    }

    private static void Info(Utf8JsonWriter w, MarathonInfo info, MarathonActor.View view)
    {
        w.WriteStartObject();
        w.WriteString("name", info.FrameworkName);
        w.WriteString("version", VersionInfo.Version);
        w.WriteBoolean("elected", true);
        w.WriteString("leader", info.Leader);
        if (view.State.FrameworkId is { } frameworkId) w.WriteString("frameworkId", frameworkId);
        else w.WriteNull("frameworkId");
        w.WriteStartObject("marathon_config");
        w.WriteString("master", info.Master);
        w.WriteString("framework_name", info.FrameworkName);
        w.WriteBoolean("reconciled", view.Reconciled);
        w.WriteEndObject();
        w.WriteStartObject("http_config");
        w.WriteString("http_port", info.Leader[(info.Leader.LastIndexOf(':') + 1)..]);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void Metrics(Utf8JsonWriter w, MarathonActor.View view)
    {
        void Gauge(string name, double value)
        {
            w.WriteStartObject(name);
            w.WriteNumber("value", value);
            w.WriteEndObject();
        }
        w.WriteStartObject();
        w.WriteString("version", "4.0.0");
        w.WriteStartObject("gauges");
        Gauge("marathon.apps.active.gauge", view.State.Apps.Count);
        Gauge("marathon.deployments.active.gauge", view.State.Deployments.Count);
        Gauge("marathon.instances.running.gauge", view.State.Instances.Values.Count(i => i.IsRunning));
        Gauge("marathon.instances.staged.gauge", view.State.Instances.Values.Count(i => !i.IsRunning));
        Gauge("marathon.instances.launch-overdue.gauge", view.Plans.Values.Sum(p => p.Launch));
        Gauge("marathon.mesos.reconciled.gauge", view.Reconciled ? 1 : 0);
        w.WriteEndObject();
        w.WriteStartObject("counters");
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
