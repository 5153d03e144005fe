using Mesos.Actors.Master.Allocation;
using Mesos.Actors.Master.Frameworks;
using Mesos.Actors.Master.Operator;
using Mesos.Actors.Master.State;
using Mesos.Actors.Metrics;
using Mesos.V1;
using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.Actors.Master;

// What the master counts and times for /metrics/snapshot, beside what it reads off its state then.
public sealed partial class MasterActor
{
    private readonly MetricCounters _counters = new(MasterMetrics.CounterNames);
    private readonly TimerMetric _allocationRun = new(MasterMetrics.AllocationRun);
    private readonly TimerMetric _allocationLatency = new(MasterMetrics.AllocationRunLatency);

    private void ReceiveMetrics()
    {
        Receive<AllocationRan>(ran =>
        {
            _counters.Increment(MasterMetrics.AllocationRuns);
            _allocationRun.Record(ran.Run, Now);
            _allocationLatency.Record(ran.Latency, Now);
        });
        Receive<FrameworkSession.HeartbeatSent>(sent =>
        {
            if (_frameworks.TryGetValue(sent.FrameworkId.Value, out var framework)) framework.Metrics.Sent(V1.Scheduler.Event.Types.Type.Heartbeat);
        });
    }

    private Dictionary<string, double> Timings()
    {
        var timings = new Dictionary<string, double>(StringComparer.Ordinal);
        _allocationRun.AddTo(timings, Now);
        _allocationLatency.AddTo(timings, Now);
        return timings;
    }

    /// <summary>
    /// As Mesos 1.11 counts an agent marked unreachable: scheduled and completed at once (there is no rate limit to wait
    /// for), and a removal for being unhealthy; one that did not register again after a restart is a removal of recovery too.
    /// </summary>
    private void CountMarkedUnreachable(bool duringRecovery)
    {
        _counters.Increment(MasterMetrics.AgentUnreachableScheduled);
        _counters.Increment(MasterMetrics.AgentsUnreachable);
        _counters.Increment(MasterMetrics.AgentRemovals);
        _counters.Increment(MasterMetrics.AgentRemovalsUnhealthy);
        if (duringRecovery) _counters.Increment(MasterMetrics.RecoveryAgentRemovals);
    }

    /// <summary>A task reached a terminal state: counted by state, by state, source and reason, and for its framework.</summary>
    private void CountEnded(FrameworkState? framework, TaskStatus status)
    {
        _counters.Increment(MetricCounters.Tasks("master", status.State));
        if (status.HasReason) _counters.Increment(MasterMetrics.TaskReason(status));
        framework?.Metrics.TaskEnded(status.State);
    }
}
