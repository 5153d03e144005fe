using Mesos.Host.Http.V0;
using System.Text.Json;
using Mesos.Actors.Master;
using Mesos.Actors.Protocol;
using Mesos.Actors.Protocol.Json;
using Mesos.V1;
using MesosTask = Mesos.V1.Task;

namespace Mesos.Host.Master.V0;

/// <summary>
/// The master's state in the JSON of Mesos' v0 endpoints (/master/state and friends): flat resource
/// objects, agents as "slaves" with a libprocess-style pid, times as seconds. Tools and the stock
/// web UI read exactly these names.
/// </summary>
internal static class StateJson
{
    public static void WriteState(Utf8JsonWriter w, MasterState state, IReadOnlyDictionary<string, string> flags)
    {
        w.WriteStartObject();
        WriteMasterFields(w, state);
        // As Mesos: the name is there only when --cluster gave one.
        if (Cluster(flags) is { Length: > 0 } cluster) w.WriteString("cluster", cluster);
        w.WriteNumber("activated_slaves", (double)state.Agents.Count(a => a.Active));
        w.WriteNumber("deactivated_slaves", (double)state.Agents.Count(a => !a.Active && a.Reachable));
        w.WriteNumber("unreachable_slaves", (double)state.Agents.Count(a => !a.Reachable));
        w.WriteString("leader", state.Info.Pid);
        w.WriteStartObject("leader_info");
        w.WriteString("id", state.Info.Id);
        w.WriteString("pid", state.Info.Pid);
        w.WriteNumber("port", state.Info.Port);
        w.WriteString("hostname", state.Info.Hostname);
        w.WriteEndObject();
        w.WriteStartObject("flags");
        foreach (var (name, value) in flags.OrderBy(f => f.Key, StringComparer.Ordinal)) w.WriteString(name, value);
        w.WriteEndObject();
        WriteAgents(w, "slaves", state.Agents);
        w.WriteStartArray("recovered_slaves");
        w.WriteEndArray();
        WriteFrameworks(w, "frameworks", state.Frameworks, state.Executors);
        WriteFrameworks(w, "completed_frameworks", state.CompletedFrameworks, []);
        w.WriteStartArray("orphan_tasks");
        w.WriteEndArray();
        w.WriteStartArray("unregistered_frameworks");
        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static void WriteSummary(Utf8JsonWriter w, MasterState state, IReadOnlyDictionary<string, string> flags)
    {
        w.WriteStartObject();
        w.WriteString("hostname", state.Info.Hostname);
        w.WriteString("cluster", Cluster(flags) ?? "");
        w.WriteStartArray("slaves");
        // Grouped once by agent, so that the summary costs the number of tasks, not agents times tasks.
        var tasksOnAgent = state.Frameworks.SelectMany(f => f.Tasks.Concat(f.CompletedTasks)).ToLookup(t => t.AgentId.Value, StringComparer.Ordinal);
        var frameworksOnAgent = state.Frameworks
            .SelectMany(f => f.Tasks.Select(t => t.AgentId.Value).Distinct(StringComparer.Ordinal).Select(agentId => (AgentId: agentId, FrameworkId: f.Info.Id.Value)))
            .ToLookup(p => p.AgentId, p => p.FrameworkId, StringComparer.Ordinal);
        foreach (var agent in state.Agents)
        {
            w.WriteStartObject();
            WriteAgentFields(w, agent);
            WriteTaskCounts(w, tasksOnAgent[agent.Info.Id.Value]);
            w.WriteStartArray("framework_ids");
            foreach (var id in frameworksOnAgent[agent.Info.Id.Value]) w.WriteStringValue(id);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("frameworks");
        foreach (var framework in state.Frameworks)
        {
            w.WriteStartObject();
            WriteFrameworkFields(w, framework);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static string? Cluster(IReadOnlyDictionary<string, string> flags) => flags.GetValueOrDefault("cluster");

    /// <summary>The states the web UI's summary counts, in Mesos' order.</summary>
    private static readonly TaskState[] SummaryStates =
    [
        TaskState.TaskStaging, TaskState.TaskStarting, TaskState.TaskRunning, TaskState.TaskKilling, TaskState.TaskFinished,
        TaskState.TaskKilled, TaskState.TaskFailed, TaskState.TaskLost, TaskState.TaskError, TaskState.TaskUnreachable,
    ];

    /// <summary>How many of <paramref name="tasks"/> are in each state, zeros included, as <c>TASK_RUNNING: 3</c>.</summary>
    private static void WriteTaskCounts(Utf8JsonWriter w, IEnumerable<MesosTask> tasks)
    {
        var counts = tasks.GroupBy(t => t.State).ToDictionary(g => g.Key, g => g.Count());
        foreach (var taskState in SummaryStates) w.WriteNumber(ProtoNames.Of(taskState), counts.GetValueOrDefault(taskState));
    }

    public static void WriteFrameworksOnly(Utf8JsonWriter w, MasterState state)
    {
        w.WriteStartObject();
        WriteFrameworks(w, "frameworks", state.Frameworks, state.Executors);
        WriteFrameworks(w, "completed_frameworks", state.CompletedFrameworks, []);
        w.WriteStartArray("unregistered_frameworks");
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>/master/slaves: every agent, or as Mesos only the one <paramref name="agentId"/> names when given.</summary>
    public static void WriteAgentsOnly(Utf8JsonWriter w, MasterState state, string? agentId)
    {
        w.WriteStartObject();
        w.WriteStartArray("slaves");
        foreach (var agent in state.Agents.Where(a => agentId is null || a.Info.Id.Value == agentId))
        {
            w.WriteStartObject();
            WriteAgentFields(w, agent);
            WriteFullResources(w, agent);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("recovered_slaves");
        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static void WriteTasksOnly(Utf8JsonWriter w, MasterState state, TaskListing listing)
    {
        w.WriteStartObject();
        w.WriteStartArray("tasks");
        var tasks = state.Frameworks.Concat(state.CompletedFrameworks)
            .SelectMany(framework => framework.Tasks.Concat(framework.CompletedTasks).Select(task => (task, framework.Info)));
        foreach (var (task, framework) in listing.Select(tasks)) V0Json.Task(w, task, framework);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteMasterFields(Utf8JsonWriter w, MasterState state)
    {
        w.WriteString("version", VersionInfo.Version);
        w.WriteString("build_date", VersionInfo.BuildDate.ToString("yyyy-MM-dd HH:mm:ss"));
        w.WriteNumber("build_time", (double)VersionInfo.BuildDate.ToUnixTimeSeconds());
        w.WriteString("build_user", "");
        V0Json.Number(w, "start_time", V0Json.Seconds(state.StartTime));
        V0Json.Number(w, "elected_time", V0Json.Seconds(state.StartTime));
        w.WriteString("id", state.Info.Id);
        w.WriteString("pid", state.Info.Pid);
        w.WriteString("hostname", state.Info.Hostname);
        w.WriteStartArray("capabilities");
        foreach (var capability in state.Info.Capabilities) w.WriteStringValue(ProtoNames.Of(capability.Type));
        w.WriteEndArray();
    }

    private static void WriteAgents(Utf8JsonWriter w, string name, IEnumerable<AgentView> agents)
    {
        w.WriteStartArray(name);
        foreach (var agent in agents)
        {
            w.WriteStartObject();
            WriteAgentFields(w, agent);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void WriteAgentFields(Utf8JsonWriter w, AgentView agent)
    {
        var info = agent.Info;
        w.WriteString("id", info.Id.Value);
        w.WriteString("hostname", info.Hostname);
        w.WriteNumber("port", info.Port);
        w.WriteStartObject("attributes");
        foreach (var attribute in info.Attributes) V0Json.Attribute(w, attribute);
        w.WriteEndObject();
        w.WriteString("pid", agent.Pid);
        V0Json.Number(w, "registered_time", V0Json.Seconds(agent.RegisteredTime));
        V0Json.Flat(w, "resources", agent.Total);
        V0Json.Flat(w, "used_resources", agent.Used);
        V0Json.Flat(w, "offered_resources", agent.Offered);
        w.WriteStartObject("reserved_resources");
        foreach (var (role, reserved) in agent.Total.ReservedByRole()) V0Json.Flat(w, role, reserved);
        w.WriteEndObject();
        V0Json.Flat(w, "unreserved_resources", agent.Total.Unreserved());
        w.WriteBoolean("active", agent.Active);
        w.WriteBoolean("deactivated", !agent.Active);
        w.WriteString("version", VersionInfo.Version);
        w.WriteStartArray("capabilities");
        foreach (var capability in agent.Capabilities) w.WriteStringValue(ProtoNames.Of(capability.Type));
        w.WriteEndArray();
    }

    /// <summary>
    /// Only /master/slaves has the agent's resources as Resource objects besides the flat ones, in the
    /// pre-refinement form (a <c>role</c> of <c>*</c> when unreserved), which the v0 readers of reservations expect.
    /// </summary>
    private static void WriteFullResources(Utf8JsonWriter w, AgentView agent)
    {
        w.WriteStartObject("reserved_resources_full");
        foreach (var (role, reserved) in agent.Total.ReservedByRole()) WriteResourceList(w, role, reserved);
        w.WriteEndObject();
        WriteResourceList(w, "unreserved_resources_full", agent.Total.Unreserved());
        WriteResourceList(w, "used_resources_full", agent.Used);
        WriteResourceList(w, "offered_resources_full", agent.Offered);
    }

    private static void WriteResourceList(Utf8JsonWriter w, string name, Resources resources)
    {
        w.WriteStartArray(name);
        foreach (var resource in resources.ToProtos(ResourceFormat.PreReservationRefinement)) MesosJson.Write(w, resource);
        w.WriteEndArray();
    }

    private static void WriteFrameworks(Utf8JsonWriter w, string name, IEnumerable<FrameworkView> frameworks, IReadOnlyList<(AgentID Agent, ExecutorInfo Executor)> executors)
    {
        w.WriteStartArray(name);
        foreach (var framework in frameworks)
        {
            w.WriteStartObject();
            WriteFrameworkFields(w, framework);
            w.WriteString("role", V0Json.Role(framework.Info));
            w.WriteStartArray("tasks");
            foreach (var task in framework.Tasks) V0Json.Task(w, task, framework.Info);
            w.WriteEndArray();
            w.WriteStartArray("unreachable_tasks");
            w.WriteEndArray();
            w.WriteStartArray("completed_tasks");
            foreach (var task in framework.CompletedTasks) V0Json.Task(w, task, framework.Info);
            w.WriteEndArray();
            w.WriteStartArray("offers");
            foreach (var offer in framework.Offers)
            {
                w.WriteStartObject();
                w.WriteString("id", offer.Id.Value);
                w.WriteString("framework_id", offer.FrameworkId.Value);
                w.WriteString("slave_id", offer.AgentId.Value);
                V0Json.Flat(w, "resources", Resources.FromProtos(offer.Resources));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("executors");
            foreach (var (agent, executor) in executors.Where(e => e.Executor.FrameworkId?.Value == framework.Info.Id.Value))
            {
                w.WriteStartObject();
                w.WriteString("executor_id", executor.ExecutorId.Value);
                w.WriteString("name", executor.Name);
                w.WriteString("framework_id", executor.FrameworkId.Value);
                w.WriteString("slave_id", agent.Value);
                V0Json.Flat(w, "resources", Resources.FromProtos(executor.Resources));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void WriteFrameworkFields(Utf8JsonWriter w, FrameworkView framework)
    {
        var info = framework.Info;
        w.WriteString("id", info.Id.Value);
        w.WriteString("name", info.Name);
        V0Json.Flat(w, "used_resources", framework.Used);
        V0Json.Flat(w, "offered_resources", framework.Offered);
        w.WriteStartArray("capabilities");
        foreach (var capability in info.Capabilities) w.WriteStringValue(ProtoNames.Of(capability.Type));
        w.WriteEndArray();
        w.WriteString("hostname", info.Hostname);
        w.WriteString("webui_url", info.WebuiUrl);
        w.WriteBoolean("active", framework.Active);
        w.WriteBoolean("connected", framework.Connected);
        w.WriteBoolean("recovered", false);
        w.WriteString("user", info.User);
        V0Json.Number(w, "failover_timeout", info.FailoverTimeout);
        w.WriteBoolean("checkpoint", info.Checkpoint);
        V0Json.Number(w, "registered_time", V0Json.Seconds(framework.RegisteredTime));
        if (framework.ReregisteredTime is { } again) V0Json.Number(w, "reregistered_time", V0Json.Seconds(again));
        if (framework.UnregisteredTime is { } gone) V0Json.Number(w, "unregistered_time", V0Json.Seconds(gone));
        V0Json.Flat(w, "resources", framework.Used + framework.Offered);
        w.WriteString("principal", info.Principal);
    }

}
