using Google.Protobuf;
using Mesos.Actors.Metrics;
using Mesos.Actors.Protocol;
using Akka.Actor;
using Mesos.V1;
using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.Actors.Agent;

public sealed partial class AgentActor
{
    private readonly CompletedExecutors _completed = new();
    private DateTimeOffset _startTime;
    private readonly MetricCounters _counters = new(AgentMetrics.CounterNames);

    private void ReceiveStateQueries() => Receive<GetAgentState>(_ => Sender.Tell(Snapshot(), Self));

    // Stamped here rather than by the status update manager alone, so that operators see each status
    // with the uuid and timestamp its framework received.
    private void Stamp(TaskStatus status)
    {
        status.Uuid = ByteString.CopyFrom(Guid.NewGuid().ToByteArray(bigEndian: true));
        status.Timestamp = Context.System.Scheduler.Now.ToUnixTimeMilliseconds() / 1000.0;
        _counters.Increment(AgentMetrics.ValidStatusUpdates);
        if (TaskStates.IsTerminal(status.State)) _counters.Increment(MetricCounters.Tasks("slave", status.State));
    }

    /// <summary>A run the agent forgets: operators still see it among the completed ones; its checkpoints go.</summary>
    private void Remember((FrameworkInfo Framework, ExecutorView Executor, ExecutorRun Run)? forgotten)
    {
        if (forgotten is not var (framework, executor, run)) return;
        _completed.Add(framework, executor);
        Forgetting(() =>
        {
            if (run.Checkpoint is { } place) _checkpoints.ForgetRun(place);
            foreach (var containerId in run.Containers.Select(c => c.ContainerId).Append(run.ContainerId).Distinct()) _checkpoints.ForgetContainer(containerId);
        }, $"executor {run.ExecutorId.Value}");
    }

    private AgentSnapshot Snapshot()
    {
        var executors = _completed.All.Select(c => (c.Framework, c.Executor, Running: false)).Concat(_runs.Views(_session.AgentId));
        var frameworks = executors.GroupBy(e => e.Framework.Id.Value)
            .Select(g => new AgentFrameworkView(
                g.Last().Framework,
                [.. g.Where(e => e.Running).Select(e => e.Executor)],
                [.. g.Where(e => !e.Running).Select(e => e.Executor)]))
            .ToList();
        return new AgentSnapshot(CurrentInfo(), _session.Master, _startTime,
            [.. frameworks.Where(f => f.Executors.Count > 0)],
            [.. frameworks.Where(f => f.Executors.Count == 0)])
        {
            Counters = _counters.Snapshot(),
        };
    }
}
