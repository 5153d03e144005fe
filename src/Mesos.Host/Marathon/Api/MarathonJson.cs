using System.Text;
using System.Text.Json;
using Mesos.Actors.Protocol;
using Mesos.Host.Marathon.Apps;
using Mesos.Host.Marathon.Deployments;
using Mesos.Host.Marathon.Launching;
using Mesos.Host.Marathon.Scheduler;
using Mesos.Host.Marathon.State;

namespace Mesos.Host.Marathon.Api;

/// <summary>Marathon's JSON for apps, tasks, deployments and the launch queue, as its v2 API writes them.</summary>
public static class MarathonJson
{
    /// <summary>The JSON <paramref name="write"/> produces, as a string.</summary>
    public static string Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer)) write(writer);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>An app with its version info, task counts and deployments; its tasks too when <paramref name="tasks"/>.</summary>
    public static void App(Utf8JsonWriter w, AppEntry app, MarathonActor.View view, bool tasks)
    {
        w.WriteStartObject();
        AppJsonWriter.WriteFields(w, app.Definition);
        WriteVersion(w, app);
        var instances = view.State.InstancesOf(app.Id);
        w.WriteNumber("tasksStaged", instances.Count(i => i.State is Instance.Staging or "TASK_STARTING"));
        w.WriteNumber("tasksRunning", instances.Count(i => i.IsRunning));
        w.WriteNumber("tasksHealthy", app.ChecksHealth ? instances.Count(i => i.IsRunning && i.Healthy == true) : 0);
        w.WriteNumber("tasksUnhealthy", app.ChecksHealth ? instances.Count(i => i.IsRunning && i.Healthy == false) : 0);
        w.WriteStartArray("deployments");
        foreach (var deployment in view.State.DeploymentsOf(app.Id))
        {
            w.WriteStartObject();
            w.WriteString("id", deployment.Id);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (tasks)
        {
            w.WriteStartArray("tasks");
            foreach (var instance in instances) Task(w, instance, app);
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    /// <summary>One version of an app, as /v2/apps/{id}/versions/{version} answers it.</summary>
    public static void AppVersion(Utf8JsonWriter w, AppEntry app)
    {
        w.WriteStartObject();
        AppJsonWriter.WriteFields(w, app.Definition);
        WriteVersion(w, app);
        w.WriteEndObject();
    }

    /// <summary>A task as Marathon writes it; <paramref name="app"/> (null once removed) gives its service ports and whether it checks health.</summary>
    public static void Task(Utf8JsonWriter w, Instance instance, AppEntry? app)
    {
        w.WriteStartObject();
        w.WriteString("id", instance.TaskId);
        w.WriteString("appId", instance.AppId);
        w.WriteString("host", instance.Agent.Hostname);
        w.WriteString("slaveId", instance.Agent.AgentId);
        w.WriteString("state", instance.State);
        w.WriteString("stagedAt", AppVersions.Format(instance.StagedAt));
        if (instance.StartedAt is { } started) w.WriteString("startedAt", AppVersions.Format(started));
        else w.WriteNull("startedAt");
        w.WriteString("version", AppVersions.Format(instance.Version));
        w.WriteStartArray("ports");
        foreach (var port in instance.Ports) w.WriteNumberValue(port);
        w.WriteEndArray();
        w.WriteStartArray("servicePorts");
        foreach (var port in app is null ? [] : ServicePorts.Of(app.Definition)) w.WriteNumberValue(port);
        w.WriteEndArray();
        w.WriteStartArray("ipAddresses");
        if (instance.IpAddress is { } ip)
        {
            w.WriteStartObject();
            w.WriteString("ipAddress", ip);
            w.WriteString("protocol", ip.Contains(':') ? "IPv6" : "IPv4");
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (app?.ChecksHealth == true && instance.Healthy is { } alive) HealthCheckResults(w, instance, alive);
        w.WriteEndObject();
    }

    private static void HealthCheckResults(Utf8JsonWriter w, Instance instance, bool alive)
    {
        void Time(string name, DateTimeOffset? at)
        {
            if (at is { } time) w.WriteString(name, AppVersions.Format(time));
            else w.WriteNull(name);
        }
        var health = instance.Health;
        w.WriteStartArray("healthCheckResults");
        w.WriteStartObject();
        w.WriteBoolean("alive", alive);
        w.WriteNumber("consecutiveFailures", alive ? 0 : health.ConsecutiveFailures);
        Time("firstSuccess", health.FirstSuccess);
        Time("lastSuccess", health.LastSuccess);
        Time("lastFailure", health.LastFailure);
        if (health.LastFailureCause is { } cause) w.WriteString("lastFailureCause", cause);
        else w.WriteNull("lastFailureCause");
        w.WriteString("instanceId", instance.TaskId);
        w.WriteString("taskId", instance.TaskId);
        w.WriteEndObject();
        w.WriteEndArray();
    }

    /// <summary>A deployment; with <paramref name="view"/>, its current actions say what they wait for and what readiness checks found.</summary>
    public static void Deployment(Utf8JsonWriter w, Deployment deployment, MarathonActor.View? view)
    {
        w.WriteStartObject();
        w.WriteString("id", deployment.Id);
        w.WriteString("version", AppVersions.Format(deployment.Version));
        if (deployment.Deadline is { } deadline) w.WriteString("deadline", AppVersions.Format(deadline));
        w.WriteStartArray("affectedApps");
        foreach (var app in deployment.AffectedApps) w.WriteStringValue(app);
        w.WriteEndArray();
        w.WriteStartArray("affectedPods");
        w.WriteEndArray();
        var steps = deployment.Actions.GroupBy(a => a.Step).OrderBy(g => g.Key).ToList();
        // The current step is the first whose apps have not all reached their goal.
        var current = steps.FirstOrDefault(step => step.Any(a => view?.Plans.GetValueOrDefault(a.AppId)?.Complete == false))?.Key ?? steps.FirstOrDefault()?.Key ?? 1;
        w.WriteStartArray("steps");
        foreach (var step in steps)
        {
            w.WriteStartObject();
            Actions(w, "actions", step, null);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        Actions(w, "currentActions", deployment.Actions.Where(a => a.Step == current), view);
        w.WriteNumber("currentStep", current);
        w.WriteNumber("totalSteps", Math.Max(1, steps.Count));
        w.WriteEndObject();
    }

    // Each current action says what it waits for and what is missing (Marathon leaves users to guess).
    private static void Actions(Utf8JsonWriter w, string name, IEnumerable<DeploymentAction> actions, MarathonActor.View? view)
    {
        w.WriteStartArray(name);
        foreach (var action in actions)
        {
            w.WriteStartObject();
            w.WriteString("action", action.Action);
            w.WriteString("app", action.AppId);
            if (view is not null) CurrentAction(w, action.AppId, view);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void CurrentAction(Utf8JsonWriter w, string appId, MarathonActor.View view)
    {
        w.WriteStartArray("readinessCheckResults");
        foreach (var instance in view.State.InstancesOf(appId))
        {
            if (!view.Readiness.TryGetValue(instance.TaskId, out var result)) continue;
            w.WriteStartObject();
            w.WriteString("name", result.Name);
            w.WriteString("taskId", result.TaskId);
            w.WriteBoolean("ready", result.Ready);
            w.WriteString("detail", result.Detail);
            if (result.LastResponse is { } response)
            {
                w.WriteStartObject("lastResponse");
                w.WriteNumber("status", response.Status);
                w.WriteString("contentType", response.ContentType);
                w.WriteString("body", response.Body);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (view.Plans.GetValueOrDefault(appId)?.Waiting is not { } wait)
        {
            w.WriteNull("waiting");
            w.WriteNull("waitingFor");
            return;
        }
        w.WriteString("waiting", view.Waiting(appId));
        w.WriteStartObject("waitingFor");
        w.WriteString("reason", wait.Reason);
        w.WriteNumber("instances", wait.Instances);
        w.WriteStartArray(wait.Reason == Wait.Dependencies ? "apps" : "tasks");
        foreach (var subject in wait.Subjects) w.WriteStringValue(subject);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>The launch queue: each app waiting for instances, its backoff, and what the offers it saw were refused for.</summary>
    public static void Queue(Utf8JsonWriter w, MarathonActor.View view, bool lastUnusedOffers)
    {
        w.WriteStartObject();
        w.WriteStartArray("queue");
        foreach (var (appId, plan) in view.Plans.Where(p => p.Value.Launch > 0).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!view.State.Apps.TryGetValue(appId, out var app)) continue;
            var log = view.Offers.GetValueOrDefault(appId);
            var until = view.Delay.Until(appId, view.Now);
            w.WriteStartObject();
            w.WriteNumber("count", plan.Launch);
            w.WriteStartObject("delay");
            w.WriteNumber("timeLeftSeconds", until is { } end ? (long)Math.Ceiling((end - view.Now).TotalSeconds) : 0);
            w.WriteBoolean("overdue", until is null);
            w.WriteEndObject();
            w.WriteString("since", AppVersions.Format(log?.Since ?? view.Now));
            w.WritePropertyName("app");
            AppVersion(w, app);
            OfferSummary(w, log);
            if (lastUnusedOffers)
            {
                w.WriteStartArray("lastUnusedOffers");
                foreach (var unfit in log?.LastUnused ?? [])
                {
                    w.WriteStartObject();
                    w.WriteStartObject("offer");
                    w.WriteString("id", unfit.Offer.Id.Value);
                    w.WriteString("agentId", unfit.Offer.AgentId.Value);
                    w.WriteString("hostname", unfit.Offer.Hostname);
                    w.WritePropertyName("resources");
                    Resources.FromProtos(unfit.Offer.Resources).WriteFlatJson(w);
                    w.WriteStartArray("attributes");
                    foreach (var (name, value) in Constraints.Placement.AttributesOf(unfit.Offer.Attributes))
                    {
                        w.WriteStartObject();
                        w.WriteString("name", name);
                        w.WriteString("text", value);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                    w.WriteEndObject();
                    w.WriteString("timestamp", AppVersions.Format(unfit.At));
                    w.WriteStartArray("reason");
                    foreach (var reason in unfit.Reasons) w.WriteStringValue(reason);
                    w.WriteEndArray();
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void OfferSummary(Utf8JsonWriter w, OfferLog? log)
    {
        w.WriteStartObject("processedOffersSummary");
        w.WriteNumber("processedOffersCount", log?.Processed ?? 0);
        w.WriteNumber("unusedOffersCount", log?.Unused ?? 0);
        if (log?.LastUnusedAt is { } unused) w.WriteString("lastUnusedOfferAt", AppVersions.Format(unused));
        if (log?.LastUsedAt is { } used) w.WriteString("lastUsedOfferAt", AppVersions.Format(used));
        w.WriteStartArray("rejectSummaryLastOffers");
        foreach (var (reason, declined, processed) in log?.RejectSummary() ?? RejectReason.All.Select(r => (r, 0, 0)))
        {
            w.WriteStartObject();
            w.WriteString("reason", reason);
            w.WriteNumber("declined", declined);
            w.WriteNumber("processed", processed);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteVersion(Utf8JsonWriter w, AppEntry app)
    {
        w.WriteString("version", AppVersions.Format(app.Version));
        w.WriteStartObject("versionInfo");
        w.WriteString("lastScalingAt", AppVersions.Format(app.LastScalingAt));
        w.WriteString("lastConfigChangeAt", AppVersions.Format(app.LastConfigChangeAt));
        w.WriteEndObject();
    }
}
