using Mesos.Host.Http;
using System.Text.Json;
using Mesos.Actors.Agent;
using Mesos.Actors.Protocol;
using Mesos.Actors.Protocol.Json;
using Mesos.Host.Http.V0;
using Mesos.V1;
using MesosTask = Mesos.V1.Task;

namespace Mesos.Host.Agent;

/// <summary>
/// The agent's state in the JSON of Mesos' v0 /state endpoint: flat resource objects, a libprocess-style
/// pid, times as seconds, and each executor's sandbox "directory", by which the upstream CLI and web UI
/// browse task output.
/// </summary>
internal static class AgentStateJson
{
    /// <param name="ip">The address the agent advertises, for its pid.</param>
    public static void Write(Utf8JsonWriter w, AgentSnapshot state, string ip, IReadOnlyDictionary<string, string> flags)
    {
        var info = state.Info;
        var total = Resources.FromProtos(info.Resources);
        var allocated = state.Frameworks.SelectMany(f => f.Executors).Aggregate(Resources.Empty, (sum, e) => sum + Allocated(e)).Unallocated();
        w.WriteStartObject();
        w.WriteString("version", VersionInfo.Version);
        w.WriteString("build_date", VersionInfo.BuildDate.ToString("yyyy-MM-dd HH:mm:ss"));
        V0Json.Number(w, "build_time", VersionInfo.BuildDate.ToUnixTimeSeconds());
        w.WriteString("build_user", "");
        V0Json.Number(w, "start_time", state.StartTime.ToUnixTimeMilliseconds() / 1000.0);
        w.WriteString("id", info.Id?.Value ?? "");
        w.WriteString("pid", $"slave(1)@{ip}:{info.Port}");
        w.WriteString("hostname", info.Hostname);
        w.WriteStartArray("capabilities");
        foreach (var capability in AgentCapabilities.Supported) w.WriteStringValue(ProtoNames.Of(capability));
        w.WriteEndArray();
        V0Json.Flat(w, "resources", total);
        ByRole(w, "reserved_resources", total, V0Json.Flat);
        V0Json.Flat(w, "unreserved_resources", total.Unreserved());
        ByRole(w, "reserved_resources_full", total, Full);
        Full(w, "unreserved_resources_full", total.Unreserved());
        ByRole(w, "reserved_resources_allocated", allocated, V0Json.Flat);
        V0Json.Flat(w, "unreserved_resources_allocated", allocated.Unreserved());
        w.WriteStartArray("resource_providers");
        w.WriteEndArray();
        w.WriteStartObject("attributes");
        foreach (var attribute in info.Attributes) V0Json.Attribute(w, attribute);
        w.WriteEndObject();
        if (state.Master is { } master) w.WriteString("master_hostname", master[..Math.Max(0, master.LastIndexOf(':'))]);
        w.WriteStartObject("flags");
        foreach (var (name, value) in flags.OrderBy(f => f.Key, StringComparer.Ordinal)) w.WriteString(name, value);
        w.WriteEndObject();
        WriteFrameworks(w, "frameworks", state.Frameworks);
        WriteFrameworks(w, "completed_frameworks", state.CompletedFrameworks);
        w.WriteEndObject();
    }

    private static void WriteFrameworks(Utf8JsonWriter w, string name, IEnumerable<AgentFrameworkView> frameworks)
    {
        w.WriteStartArray(name);
        foreach (var framework in frameworks)
        {
            var info = framework.Info;
            w.WriteStartObject();
            w.WriteString("id", info.Id.Value);
            w.WriteString("name", info.Name);
            w.WriteString("user", info.User);
            V0Json.Number(w, "failover_timeout", info.FailoverTimeout);
            w.WriteBoolean("checkpoint", info.Checkpoint);
            w.WriteString("hostname", info.Hostname);
            if (info.Capabilities.Any(c => c.Type == FrameworkInfo.Types.Capability.Types.Type.MultiRole))
            {
                w.WriteStartArray("roles");
                foreach (var role in info.Roles) w.WriteStringValue(role);
                w.WriteEndArray();
            }
            else
            {
                w.WriteString("role", info.Role);
            }
            WriteExecutors(w, "executors", framework.Executors, info);
            WriteExecutors(w, "completed_executors", framework.CompletedExecutors, info);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void WriteExecutors(Utf8JsonWriter w, string name, IEnumerable<ExecutorView> executors, FrameworkInfo framework)
    {
        w.WriteStartArray(name);
        foreach (var executor in executors)
        {
            w.WriteStartObject();
            w.WriteString("id", executor.Info.ExecutorId.Value);
            w.WriteString("name", executor.Info.Name);
            // As Mesos: readers (the web UI) find a task's sandbox under a DEFAULT executor's in tasks/<id>.
            if (executor.Info.HasType) w.WriteString("type", ProtoNames.Of(executor.Info.Type));
            w.WriteString("source", executor.Info.Source);
            w.WriteString("container", executor.ContainerId);
            w.WriteString("directory", executor.Directory);
            V0Json.Flat(w, "resources", Allocated(executor));
            w.WriteString("role", V0Json.Role(executor.Info.Resources.Concat(executor.Tasks.SelectMany(t => t.Task.Resources)), framework));
            WriteTasks(w, "tasks", executor, framework, AgentTaskPhase.Launched);
            WriteTasks(w, "queued_tasks", executor, framework, AgentTaskPhase.Queued);
            WriteTasks(w, "completed_tasks", executor, framework, AgentTaskPhase.Terminated, AgentTaskPhase.Completed);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void WriteTasks(Utf8JsonWriter w, string name, ExecutorView executor, FrameworkInfo framework, params AgentTaskPhase[] phases)
    {
        w.WriteStartArray(name);
        foreach (var task in executor.Tasks.Where(t => phases.Contains(t.Phase))) V0Json.Task(w, task.Task, framework);
        w.WriteEndArray();
    }

    // An executor holds its own resources (none for a command executor) and those of its tasks that have not ended.
    private static Resources Allocated(ExecutorView executor) =>
        executor.Tasks.Where(t => t.Phase is AgentTaskPhase.Queued or AgentTaskPhase.Launched)
            .Aggregate(Resources.FromProtos(executor.Info.Resources), (sum, t) => sum + Resources.FromProtos(t.Task.Resources));

    private static void ByRole(Utf8JsonWriter w, string name, Resources resources, Action<Utf8JsonWriter, string, Resources> write)
    {
        w.WriteStartObject(name);
        foreach (var (role, reserved) in resources.ReservedByRole()) write(w, role, reserved);
        w.WriteEndObject();
    }

    // The pre-refinement form ("role": "*") is what Mesos' agent writes in its *_full fields.
    private static void Full(Utf8JsonWriter w, string name, Resources resources)
    {
        w.WriteStartArray(name);
        foreach (var resource in resources.ToProtos(ResourceFormat.PreReservationRefinement)) MesosJson.Write(w, resource);
        w.WriteEndArray();
    }

}
