using Akka.Event;
using Mesos.Actors.Master.Planning;
using Mesos.Actors.Master.State;
using Mesos.Actors.Master.Frameworks;
using Mesos.V1.Scheduler;

namespace Mesos.Actors.Master;

// ACCEPT: the planner decides, the master carries out the plan.
public sealed partial class MasterActor
{
    private readonly PlanningState _planning;

    /// <summary>Carries out what the framework accepted; returns why the call is refused, or null.</summary>
    private string? Accept(FrameworkState framework, Call.Types.Accept accept)
    {
        var plan = AcceptPlanner.Plan(framework, accept, _planning, Now);
        if (plan.Refusal is not null) return plan.Refusal;

        foreach (var offerId in plan.ConsumedOffers) RemoveOffer(offerId);
        if (plan.Agent is { } launch)
        {
            framework.Metrics.Offers(FrameworkMetrics.OffersAccepted, plan.ConsumedOffers.Count);
            foreach (var operation in accept.Operations.Where(o => !plan.DroppedOperations.Any(d => ReferenceEquals(d.Operation, o)))) framework.Metrics.Operated(operation.Type);
            var agent = _agents[launch.AgentId.Value];
            foreach (var executor in launch.ExecutorsStarted) agent.Executors.TryAdd((framework.Id.Value, executor.ExecutorId.Value), executor);
            foreach (var task in launch.Tasks) _tasks.Add(task);
            Publish(plan.OperatorEvents);
            if (launch.Total is { } total) agent.Total = total;
            foreach (var e in launch.Events) SendToAgent(agent, e);
        }
        foreach (var status in plan.Updates)
        {
            // Never launched, so never the framework's task: counted for the master only, as Mesos does.
            CountEnded(null, status);
            SendToFramework(framework, UpdateEvent(status));
        }
        foreach (var (operation, reason) in plan.DroppedOperations)
        {
            _log.Warning("Dropping {Operation} of framework {Framework}: {Error}", operation.Type, framework.Id.Value, reason);
        }
        foreach (var change in plan.AllocatorChanges) TellAllocator(change);
        return null;
    }
}
