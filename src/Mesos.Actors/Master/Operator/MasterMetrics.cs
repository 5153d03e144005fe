using Mesos.Actors.Master.Frameworks;
using Mesos.Actors.Metrics;
using Mesos.Actors.Protocol;
using Mesos.V1;
using TaskStatus = Mesos.V1.TaskStatus;

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
    public const string ValidFrameworkToExecutorMessages = "master/valid_framework_to_executor_messages";
    public const string InvalidFrameworkToExecutorMessages = "master/invalid_framework_to_executor_messages";
    public const string ValidExecutorToFrameworkMessages = "master/valid_executor_to_framework_messages";
    public const string InvalidExecutorToFrameworkMessages = "master/invalid_executor_to_framework_messages";
    public const string ValidAcknowledgements = "master/valid_status_update_acknowledgements";
    public const string InvalidAcknowledgements = "master/invalid_status_update_acknowledgements";
    public const string AgentUnreachableScheduled = "master/slave_unreachable_scheduled";
    public const string AgentRemovals = "master/slave_removals";
    public const string AgentRemovalsUnhealthy = "master/slave_removals/reason_unhealthy";
    public const string RecoveryAgentRemovals = "master/recovery_slave_removals";
    public const string AllocationRuns = "allocator/mesos/allocation_runs";
    public const string AllocationRun = "allocator/mesos/allocation_run";
    public const string AllocationRunLatency = "allocator/mesos/allocation_run_latency";

    /// <summary>
    /// Names Mesos 1.11 lists that stay 0 here: nothing cancels marking an agent unreachable without a rate limit on it,
    /// Mesos 1.11 itself no longer counts shutdowns (it marks agents unreachable), and this master removes no agent for
    /// registering at the address of another or for unregistering (agents do not unregister).
    /// </summary>
    private static readonly string[] NeverCounted =
    [
        "master/slave_unreachable_canceled", "master/slave_shutdowns_scheduled", "master/slave_shutdowns_completed",
        "master/slave_shutdowns_canceled", "master/slave_removals/reason_registered", "master/slave_removals/reason_unregistered",
    ];

    private static readonly TaskState[] ActiveStates = [TaskState.TaskStaging, TaskState.TaskStarting, TaskState.TaskRunning, TaskState.TaskKilling, TaskState.TaskUnreachable];

    /// <summary>Every counter the master keeps.</summary>
    public static IEnumerable<string> CounterNames =>
        MetricCounters.AllTasksEnded("master").Concat([AgentRegistrations, AgentReregistrations, AgentsUnreachable, AgentUnreachableScheduled, AgentRemovals,
            AgentRemovalsUnhealthy, RecoveryAgentRemovals,
            ValidStatusUpdates, InvalidStatusUpdates, ValidAcknowledgements, InvalidAcknowledgements, FrameworkToExecutorMessages,
            ExecutorToFrameworkMessages, ValidFrameworkToExecutorMessages, InvalidFrameworkToExecutorMessages, ValidExecutorToFrameworkMessages,
            InvalidExecutorToFrameworkMessages, AllocationRuns, .. NeverCounted]);

    /// <summary>Tasks that reached a terminal state with a reason, as <c>master/task_failed/source_agent/reason_executor_terminated</c>.</summary>
    public static string TaskReason(TaskStatus status) =>
        $"master/{Lower(status.State)}/{Lower(status.Source)}/{Lower(status.Reason)}";

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
        foreach (var (name, value) in state.Timings) metrics[name] = value;
        foreach (var framework in state.Frameworks.Concat(state.CompletedFrameworks)) AddFramework(metrics, framework);

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
    /// One framework's metrics under <c>master/frameworks/NAME/ID/</c> (the name percent-encoded, as Mesos does): its
    /// counters, and gauges of whether it is subscribed, its tasks in each state that is not terminal, and each role's
    /// suppression. A completed framework keeps them until it is no longer remembered.
    /// </summary>
    private static void AddFramework(SortedDictionary<string, double> metrics, FrameworkView framework)
    {
        var prefix = $"master/frameworks/{Uri.EscapeDataString(framework.Info.Name)}/{framework.Info.Id.Value}/";
        metrics[prefix + "subscribed"] = framework.Connected ? 1 : 0;
        foreach (var (name, count) in framework.Counters) metrics[prefix + name] = count;
        foreach (var state in Enum.GetValues<TaskState>().Where(s => !TaskStates.IsTerminal(s)))
        {
            metrics[prefix + FrameworkMetrics.TaskActiveName(state)] = framework.Tasks.Count(t => t.State == state);
        }
        foreach (var (role, suppressed) in framework.Suppressed) metrics[$"{prefix}roles/{role}/suppressed"] = suppressed ? 1 : 0;
    }

    private static string Lower(Enum value) => ProtoNames.Of(value).ToLowerInvariant();

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
