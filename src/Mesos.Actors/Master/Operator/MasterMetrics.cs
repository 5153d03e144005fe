using Mesos.Actors.Metrics;
using Mesos.Actors.Protocol;
using Mesos.V1;

namespace Mesos.Actors.Master.Operator;

/// <summary>
/// The master's <c>/metrics/snapshot</c> (and GET_METRICS), with Mesos' names: gauges read from a
/// snapshot of the master, counters it keeps, and the machine's <c>system/*</c>.
/// </summary>
public static class MasterMetrics
{
    public const string AgentRegistrations = "master/slave_registrations";
    public const string AgentReregistrations = "master/slave_reregistrations";
    public const string AgentsUnreachable = "master/slave_unreachable_completed";
    public const string ValidStatusUpdates = "master/valid_status_updates";
    public const string InvalidStatusUpdates = "master/invalid_status_updates";
    public const string FrameworkToExecutorMessages = "master/messages_framework_to_executor";
    public const string ExecutorToFrameworkMessages = "master/messages_executor_to_framework";

    private static readonly TaskState[] ActiveStates = [TaskState.TaskStaging, TaskState.TaskStarting, TaskState.TaskRunning, TaskState.TaskKilling, TaskState.TaskUnreachable];

    /// <summary>Every counter the master keeps.</summary>
    public static IEnumerable<string> CounterNames =>
        MetricCounters.AllTasksEnded("master").Concat([AgentRegistrations, AgentReregistrations, AgentsUnreachable, ValidStatusUpdates,
            InvalidStatusUpdates, FrameworkToExecutorMessages, ExecutorToFrameworkMessages]);

    public static SortedDictionary<string, double> Snapshot(MasterState state, DateTimeOffset now)
    {
        var metrics = new SortedDictionary<string, double>(StringComparer.Ordinal)
        {
            ["master/uptime_secs"] = (now - state.StartTime).TotalSeconds,
            ["master/elected"] = 1,
            ["master/slaves_active"] = state.Agents.Count(a => a.Active),
            ["master/slaves_inactive"] = state.Agents.Count(a => a.Reachable && !a.Active),
            ["master/slaves_connected"] = state.Agents.Count(a => a.Active),
            ["master/slaves_disconnected"] = state.Agents.Count(a => !a.Active),
            ["master/slaves_unreachable"] = state.Agents.Count(a => !a.Reachable),
            ["master/frameworks_active"] = state.Frameworks.Count(f => f.Active),
            ["master/frameworks_inactive"] = state.Frameworks.Count(f => !f.Active),
            ["master/frameworks_connected"] = state.Frameworks.Count(f => f.Connected),
            ["master/frameworks_disconnected"] = state.Frameworks.Count(f => !f.Connected),
            ["master/outstanding_offers"] = state.Frameworks.Sum(f => f.Offers.Count),
            ["master/operator_event_stream_subscribers"] = state.OperatorSubscribers,
        };

        var tasks = state.Frameworks.SelectMany(f => f.Tasks).ToList();
        foreach (var active in ActiveStates) metrics[MetricCounters.Tasks("master", active)] = tasks.Count(t => t.State == active);
        foreach (var (name, count) in state.Counters) metrics[name] = count;

        var reachable = state.Agents.Where(a => a.Reachable).ToList();
        var total = reachable.Aggregate(Resources.Empty, (sum, a) => sum + a.Total);
        var used = reachable.Aggregate(Resources.Empty, (sum, a) => sum + a.Used);
        Snapshots.AddUsage(metrics, "master", total.NonRevocable(), used.NonRevocable());
        Snapshots.AddUsage(metrics, "master", total.Revocable(), used.Revocable(), "_revocable");
        AddAllocatorTotals(metrics, total, reachable.Aggregate(used, (sum, a) => sum + a.Offered));

        foreach (var (name, value) in SystemMetrics.Read()) metrics[name] = value;
        return metrics;
    }

    /// <summary>
    /// What the allocator divides, as Mesos' allocator reports it: per scalar resource the agents have, their total and
    /// what is offered or allocated of it.
    /// </summary>
    private static void AddAllocatorTotals(SortedDictionary<string, double> metrics, Resources total, Resources offeredOrAllocated)
    {
        foreach (var (name, amount) in total.ScalarQuantities())
        {
            metrics[$"allocator/mesos/resources/{name}/total"] = amount;
            metrics[$"allocator/mesos/resources/{name}/offered_or_allocated"] = offeredOrAllocated.Scalar(name);
        }
    }
}
