using System.Text.Json;
using Mesos.Actors.Protocol;
using Mesos.Host.Marathon.Api;
using Mesos.Host.Marathon.Apps;
using Mesos.Host.Marathon.State;
using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.Host.Marathon.Events;

/// <summary>Marathon's events as /v2/events sends them, named and shaped as Marathon's event bus has them.</summary>
public static class MarathonEventJson
{
    public static MarathonEventMessage StatusUpdate(Instance instance, TaskStatus status, DateTimeOffset at) => Event("status_update_event", at, w =>
    {
        w.WriteString("slaveId", status.AgentId?.Value ?? instance.Agent.AgentId);
        w.WriteString("taskId", instance.TaskId);
        w.WriteString("taskStatus", ProtoNames.Of(status.State));
        w.WriteString("message", status.Message);
        w.WriteString("appId", instance.AppId);
        w.WriteString("host", instance.Agent.Hostname);
        w.WriteStartArray("ipAddresses");
        foreach (var address in status.ContainerStatus?.NetworkInfos.SelectMany(n => n.IpAddresses) ?? [])
        {
            w.WriteStartObject();
            w.WriteString("ipAddress", address.IpAddress);
            w.WriteString("protocol", address.Protocol == Mesos.V1.NetworkInfo.Types.Protocol.Ipv6 ? "IPv6" : "IPv4");
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("ports");
        foreach (var port in instance.Ports) w.WriteNumberValue(port);
        w.WriteEndArray();
        w.WriteString("version", AppVersions.Format(instance.Version));
    });

    public static MarathonEventMessage HealthChanged(Instance instance, bool alive, DateTimeOffset at) => Event("health_status_changed_event", at, w =>
    {
        w.WriteString("appId", instance.AppId);
        w.WriteString("taskId", instance.TaskId);
        w.WriteString("instanceId", instance.TaskId);
        w.WriteString("version", AppVersions.Format(instance.Version));
        w.WriteBoolean("alive", alive);
    });

    public static MarathonEventMessage ApiPost(AppEntry app, DateTimeOffset at) => Event("api_post_event", at, w =>
    {
        w.WriteString("uri", "/v2/apps" + app.Id);
        w.WritePropertyName("appDefinition");
        w.WriteStartObject();
        AppJsonWriter.WriteFields(w, app.Definition);
        w.WriteString("version", AppVersions.Format(app.Version));
        w.WriteEndObject();
    });

    public static MarathonEventMessage AppTerminated(string appId, DateTimeOffset at) => Event("app_terminated_event", at, w => w.WriteString("appId", appId));

    public static MarathonEventMessage DeploymentInfo(Deployment deployment, DateTimeOffset at) => Event("deployment_info", at, w =>
    {
        w.WritePropertyName("plan");
        MarathonJson.Deployment(w, deployment, null);
        w.WritePropertyName("currentStep");
        w.WriteStartObject();
        w.WriteStartArray("actions");
        foreach (var action in deployment.Actions)
        {
            w.WriteStartObject();
            w.WriteString("action", action.Action);
            w.WriteString("app", action.AppId);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    });

    public static MarathonEventMessage DeploymentEnded(Deployment deployment, bool succeeded, string? reason, DateTimeOffset at) =>
        Event(succeeded ? "deployment_success" : "deployment_failed", at, w =>
        {
            w.WriteString("id", deployment.Id);
            if (reason is not null) w.WriteString("reason", reason);
            w.WritePropertyName("plan");
            MarathonJson.Deployment(w, deployment, null);
        });

    private static MarathonEventMessage Event(string type, DateTimeOffset at, Action<Utf8JsonWriter> fields) => new(type, MarathonJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("eventType", type);
        w.WriteString("timestamp", AppVersions.Format(at));
        fields(w);
        w.WriteEndObject();
    }));
}
