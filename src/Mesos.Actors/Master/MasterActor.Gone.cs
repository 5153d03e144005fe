using Mesos.Actors.Protocol;
using Mesos.Actors.Master.Operator;
using Mesos.Actors.Master.Registrar;
using Mesos.Actors.Master.State;
using Mesos.Actors.Master.Validation;
using Mesos.Actors.Master.Allocation;
using Mesos.V1;
using TaskStatus = Mesos.V1.TaskStatus;
using Akka.Actor;
using Akka.Event;

namespace Mesos.Actors.Master;

// MARK_AGENT_GONE, as in Mesos: the registry records the agent gone first; then its tasks end
// (TASK_GONE_BY_OPERATOR, or TASK_LOST for frameworks that are not partition-aware), nothing more is
// offered from it, its connection is closed, and the registry never admits it again.
public sealed partial class MasterActor
{
    private void OnDeclareAgentGone(DeclareAgentGone request)
    {
        if (SubscriptionValidator.ValidateAgentId(request.AgentId) is { } invalid)
        {
            Sender.Tell(Invalid(invalid), Self);
            return;
        }
        var replyTo = Sender;
        Write(new MarkAgentGone(request.AgentId), replyTo, () =>
        {
            _recoveredAgents.Remove(request.AgentId.Value);
            if (_agents.Remove(request.AgentId.Value, out var agent)) RemoveGone(agent);
            replyTo.Tell(CallAccepted.Instance, Self);
        });
    }

    private void RemoveGone(AgentState agent)
    {
        _log.Warning("Agent {Id} at {Host}:{Port} was marked gone", agent.Id.Value, agent.Info.Hostname, agent.Info.Port);
        _counters.Increment(MasterMetrics.AgentRemovals);
        RescindOffers(agent);
        if (agent.Reachable) TellAllocator(new AgentRemoved(agent.Id.Value));
        foreach (var ((frameworkId, _), task) in _tasks.OnAgent(agent.Id.Value).ToArray())
        {
            if (!_frameworks.TryGetValue(frameworkId, out var framework)) continue;
            var state = framework.IsPartitionAware ? TaskState.TaskGoneByOperator : TaskState.TaskLost;
            UpdateTaskFromMaster(framework, task, state, TaskStatus.Types.Reason.AgentRemovedByOperator, "Agent has been marked gone");
        }
        Context.Stop(agent.Session);
        Publish(() => OperatorEvents.AgentRemoved(agent.Id));
    }
}
