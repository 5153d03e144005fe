using Mesos.Actors.Metrics;
using Mesos.Actors.Protocol;
using Mesos.V1;

namespace Mesos.Actors.Agent;

/// <summary>
/// The agent's <c>/metrics/snapshot</c> (and GET_METRICS), with Mesos' <c>slave/*</c> names: gauges
/// read from a snapshot of the agent, counters it keeps, and the machine's <c>system/*</c>.
/// </summary>
public static class AgentMetrics
{
    public const string ExecutorsTerminated = "slave/executors_terminated";
    public const string ValidStatusUpdates = "slave/valid_status_updates";
    public const string ValidFrameworkMessages = "slave/valid_framework_messages";
    public const string InvalidFrameworkMessages = "slave/invalid_framework_messages";

    private static readonly TaskState[] ActiveStates = [TaskState.TaskStaging, TaskState.TaskStarting, TaskState.TaskRunning, TaskState.TaskKilling];

    /// <summary>Every counter the agent keeps.</summary>
    public static IEnumerable<string> CounterNames =>
        MetricCounters.AllTasksEnded("slave").Concat([ExecutorsTerminated, ValidStatusUpdates, ValidFrameworkMessages, InvalidFrameworkMessages]);

    public static SortedDictionary<string, double> Snapshot(AgentSnapshot state, DateTimeOffset now)
    {
        var executors = state.Frameworks.SelectMany(f => f.Executors).ToList();
        var tasks = executors.SelectMany(e => e.Tasks).Where(t => t.Phase is AgentTaskPhase.Queued or AgentTaskPhase.Launched).Select(t => t.Task).ToList();
        var metrics = new SortedDictionary<string, double>(StringComparer.Ordinal)
        {
            ["slave/uptime_secs"] = (now - state.StartTime).TotalSeconds,
            ["slave/registered"] = state.Master is null ? 0 : 1,
            ["slave/executors_running"] = executors.Count,
            ["slave/frameworks_active"] = state.Frameworks.Count,
        };
        foreach (var active in ActiveStates) metrics[MetricCounters.Tasks("slave", active)] = tasks.Count(t => t.State == active);
        foreach (var (name, count) in state.Counters) metrics[name] = count;

        var total = Resources.FromProtos(state.Info.Resources);
        var used = executors.Select(e => Resources.FromProtos(e.Info.Resources))
            .Concat(tasks.Select(t => Resources.FromProtos(t.Resources)))
            .Aggregate(Resources.Empty, (sum, r) => sum + r.Unallocated());
        Snapshots.AddUsage(metrics, "slave", total, used);

        foreach (var (name, value) in SystemMetrics.Read()) metrics[name] = value;
        return metrics;
    }
}
