using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mesos.Host.Marathon.Apps;

/// <summary>Writes an app's definition with every field Marathon writes, defaults included.</summary>
public static class AppJsonWriter
{
    /// <summary>Writes the definition's fields into an object the caller has opened (it adds its own, such as version).</summary>
    public static void WriteFields(Utf8JsonWriter w, AppDefinition app)
    {
        w.WriteString("id", app.Id);
        if (app.Cmd is not null) w.WriteString("cmd", app.Cmd);
        else w.WriteNull("cmd");
        if (app.Args is { } args) Strings(w, "args", args);
        else w.WriteNull("args");
        if (app.User is not null) w.WriteString("user", app.User);
        w.WriteNumber("cpus", app.Cpus);
        w.WriteNumber("mem", app.Mem);
        w.WriteNumber("disk", app.Disk);
        w.WriteNumber("gpus", app.Gpus);
        w.WriteNumber("instances", app.Instances);
        if (app.Container is { } container) Container(w, container);
        else w.WriteNull("container");
        w.WriteStartArray("portDefinitions");
        foreach (var port in app.PortDefinitions)
        {
            w.WriteStartObject();
            w.WriteNumber("port", port.Port);
            w.WriteString("protocol", port.Protocol);
            if (port.Name is not null) w.WriteString("name", port.Name);
            Map(w, "labels", port.Labels);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteBoolean("requirePorts", app.RequirePorts);
        Map(w, "env", app.Env);
        Map(w, "labels", app.Labels);
        w.WriteStartArray("fetch");
        foreach (var fetch in app.Fetch)
        {
            w.WriteStartObject();
            w.WriteString("uri", fetch.Uri);
            w.WriteBoolean("extract", fetch.Extract);
            w.WriteBoolean("executable", fetch.Executable);
            w.WriteBoolean("cache", fetch.Cache);
            if (fetch.OutputFile is not null) w.WriteString("outputFile", fetch.OutputFile);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("constraints");
        foreach (var constraint in app.Constraints)
        {
            w.WriteStartArray();
            w.WriteStringValue(constraint.Field);
            w.WriteStringValue(constraint.Operator);
            if (constraint.Value is not null) w.WriteStringValue(constraint.Value);
            w.WriteEndArray();
        }
        w.WriteEndArray();
        Strings(w, "acceptedResourceRoles", app.AcceptedResourceRoles);
        w.WriteStartArray("healthChecks");
        foreach (var check in app.HealthChecks) HealthCheck(w, check);
        w.WriteEndArray();
        w.WriteStartArray("readinessChecks");
        foreach (var check in app.ReadinessChecks) ReadinessCheck(w, check);
        w.WriteEndArray();
        w.WriteStartObject("upgradeStrategy");
        w.WriteNumber("minimumHealthCapacity", app.UpgradeStrategy.MinimumHealthCapacity);
        w.WriteNumber("maximumOverCapacity", app.UpgradeStrategy.MaximumOverCapacity);
        w.WriteNumber("deadlineSeconds", app.UpgradeStrategy.DeadlineSeconds);
        w.WriteEndObject();
        w.WriteNumber("backoffSeconds", app.BackoffSeconds);
        w.WriteNumber("backoffFactor", app.BackoffFactor);
        w.WriteNumber("maxLaunchDelaySeconds", app.MaxLaunchDelaySeconds);
        w.WriteString("killSelection", app.KillSelection == KillSelection.OldestFirst ? "OLDEST_FIRST" : "YOUNGEST_FIRST");
        if (app.UnreachableStrategy == UnreachableStrategy.Disabled)
        {
            w.WriteString("unreachableStrategy", "disabled");
        }
        else
        {
            w.WriteStartObject("unreachableStrategy");
            w.WriteNumber("inactiveAfterSeconds", app.UnreachableStrategy.InactiveAfterSeconds);
            w.WriteNumber("expungeAfterSeconds", app.UnreachableStrategy.ExpungeAfterSeconds);
            w.WriteEndObject();
        }
        Strings(w, "dependencies", app.Dependencies);
    }

    /// <summary>The definition as a JSON object, for updates that change some of its fields.</summary>
    public static JsonObject ToNode(AppDefinition app)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            WriteFields(w, app);
            w.WriteEndObject();
        }
        return JsonNode.Parse(buffer.ToArray())!.AsObject();
    }

    private static void Container(Utf8JsonWriter w, AppContainer container)
    {
        w.WriteStartObject("container");
        w.WriteString("type", container.Type);
        if (container.Docker is { } docker)
        {
            w.WriteStartObject("docker");
            w.WriteString("image", docker.Image);
            w.WriteString("network", docker.Network);
            w.WriteBoolean("privileged", docker.Privileged);
            w.WriteBoolean("forcePullImage", docker.ForcePullImage);
            w.WriteStartArray("parameters");
            foreach (var (key, value) in docker.Parameters)
            {
                w.WriteStartObject();
                w.WriteString("key", key);
                w.WriteString("value", value);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteStartArray("portMappings");
        foreach (var mapping in container.PortMappings)
        {
            w.WriteStartObject();
            w.WriteNumber("containerPort", mapping.ContainerPort);
            w.WriteNumber("hostPort", mapping.HostPort);
            w.WriteNumber("servicePort", mapping.ServicePort);
            w.WriteString("protocol", mapping.Protocol);
            if (mapping.Name is not null) w.WriteString("name", mapping.Name);
            Map(w, "labels", mapping.Labels);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("volumes");
        foreach (var volume in container.Volumes)
        {
            w.WriteStartObject();
            w.WriteString("containerPath", volume.ContainerPath);
            w.WriteString("hostPath", volume.HostPath);
            w.WriteString("mode", volume.Mode);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void HealthCheck(Utf8JsonWriter w, AppHealthCheck check)
    {
        w.WriteStartObject();
        w.WriteString("protocol", check.Protocol);
        if (check.Path is not null) w.WriteString("path", check.Path);
        if (check.Port is { } port) w.WriteNumber("port", port);
        else if (check.Protocol != "COMMAND") w.WriteNumber("portIndex", check.PortIndex ?? 0);
        if (check.Command is not null)
        {
            w.WriteStartObject("command");
            w.WriteString("value", check.Command);
            w.WriteEndObject();
        }
        w.WriteNumber("gracePeriodSeconds", check.GracePeriodSeconds);
        w.WriteNumber("intervalSeconds", check.IntervalSeconds);
        w.WriteNumber("timeoutSeconds", check.TimeoutSeconds);
        w.WriteNumber("delaySeconds", check.DelaySeconds);
        w.WriteNumber("maxConsecutiveFailures", check.MaxConsecutiveFailures);
        w.WriteEndObject();
    }

    private static void ReadinessCheck(Utf8JsonWriter w, ReadinessCheck check)
    {
        w.WriteStartObject();
        w.WriteString("name", check.Name);
        w.WriteString("protocol", check.Protocol);
        w.WriteString("path", check.Path);
        w.WriteString("portName", check.PortName);
        w.WriteNumber("intervalSeconds", check.IntervalSeconds);
        w.WriteNumber("timeoutSeconds", check.TimeoutSeconds);
        w.WriteStartArray("httpStatusCodesForReady");
        foreach (var code in check.HttpStatusCodesForReady) w.WriteNumberValue(code);
        w.WriteEndArray();
        w.WriteBoolean("preserveLastResponse", check.PreserveLastResponse);
        w.WriteEndObject();
    }

    private static void Strings(Utf8JsonWriter w, string name, ImmutableArray<string> values)
    {
        w.WriteStartArray(name);
        foreach (var value in values) w.WriteStringValue(value);
        w.WriteEndArray();
    }

    private static void Map(Utf8JsonWriter w, string name, ImmutableSortedDictionary<string, string> map)
    {
        w.WriteStartObject(name);
        foreach (var (key, value) in map) w.WriteString(key, value);
        w.WriteEndObject();
    }
}
