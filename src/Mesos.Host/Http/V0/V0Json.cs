using System.Text.Json;
using Mesos.Actors.Protocol;
using Mesos.Actors.Protocol.Json;
using Mesos.V1;
using MesosTask = Mesos.V1.Task;

namespace Mesos.Host.Http.V0;

/// <summary>
/// The pieces that the master's and the agent's v0 JSON share, written once: flat resource objects,
/// attributes, tasks with their statuses, and doubles as Mesos writes them.
/// </summary>
internal static class V0Json
{
    // Mesos writes whole doubles with their ".0", as in "failover_timeout": 0.0.
    public static void Number(Utf8JsonWriter w, string name, double value)
    {
        w.WritePropertyName(name);
        JsonNumbers.WriteDouble(w, value);
    }

    public static void Flat(Utf8JsonWriter w, string name, Resources resources)
    {
        w.WritePropertyName(name);
        resources.WriteFlatJson(w);
    }

    public static double Seconds(DateTimeOffset time) => time.ToUnixTimeMilliseconds() / 1000.0;

    /// <summary>An attribute as a property: scalars as numbers, text as is, ranges and sets in Mesos' text form.</summary>
    public static void Attribute(Utf8JsonWriter w, Mesos.V1.Attribute attribute)
    {
        switch (attribute.Type)
        {
            case Value.Types.Type.Scalar:
                Number(w, attribute.Name, attribute.Scalar.Value);
                break;
            case Value.Types.Type.Text:
                w.WriteString(attribute.Name, attribute.Text.Value);
                break;
            case Value.Types.Type.Ranges:
                w.WriteString(attribute.Name, "[" + string.Join(", ", attribute.Ranges.Range.Select(r => $"{r.Begin}-{r.End}")) + "]");
                break;
            default:
                w.WriteString(attribute.Name, "{" + string.Join(",", attribute.Set.Item) + "}");
                break;
        }
    }

    public static void Task(Utf8JsonWriter w, MesosTask task, FrameworkInfo framework)
    {
        w.WriteStartObject();
        w.WriteString("id", task.TaskId.Value);
        w.WriteString("name", task.Name);
        w.WriteString("framework_id", task.FrameworkId.Value);
        w.WriteString("executor_id", task.ExecutorId?.Value ?? "");
        w.WriteString("slave_id", task.AgentId.Value);
        w.WriteString("state", ProtoNames.Of(task.State));
        Flat(w, "resources", Resources.FromProtos(task.Resources));
        w.WriteString("role", Role(task.Resources, framework));
        w.WriteStartArray("statuses");
        foreach (var status in task.Statuses)
        {
            w.WriteStartObject();
            w.WriteString("state", ProtoNames.Of(status.State));
            Number(w, "timestamp", status.Timestamp);
            if (status.ContainerStatus is { } container)
            {
                // The v0 endpoints leave the executor's pid out, as Mesos' do; the v1 calls have it.
                var shown = container.Clone();
                shown.ClearExecutorPid();
                w.WritePropertyName("container_status");
                MesosJson.Write(w, shown);
            }
            if (status.HasHealthy) w.WriteBoolean("healthy", status.Healthy);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>The role that resources are allocated to, or else the framework's (first) role.</summary>
    public static string Role(IEnumerable<Resource> resources, FrameworkInfo framework) =>
        resources.FirstOrDefault()?.AllocationInfo?.Role ?? Role(framework);

    public static string Role(FrameworkInfo info) =>
        info.Roles.Count > 0 ? info.Roles[0] : info.HasRole && info.Role.Length > 0 ? info.Role : "*";
}
