using Mesos.Actors.Allocator;
using Mesos.Actors.Master.Allocation;
using Mesos.Actors.Master.Offers;
using Mesos.Actors.Master.Operator;
using Mesos.Actors.Master.State;
using Mesos.Actors.Master.Validation;
using Mesos.Actors.Metrics;
using Mesos.Actors.Protocol;
using Akka.Actor;
using Mesos.Internal;
using Mesos.V1;
using TaskStatus = Mesos.V1.TaskStatus;
using Mesos.V1.Scheduler;
using MesosTask = Mesos.V1.Task;

namespace Mesos.Actors.Master;

public sealed partial class MasterActor
{
    private IActorRef _allocator = null!;
    private readonly OfferBook _offers = new();

    private sealed record OfferTimedOut(string OfferId);

    private void ReceiveAllocation()
    {
        Receive<ResourcesOffered>(OnResourcesOffered);
        Receive<AllocatorRestarted>(_ => HandClusterToAllocator());
        Receive<OfferTimedOut>(t =>
        {
            if (_offers.Find(t.OfferId) is { } offer) Rescind(offer);
        });
    }

    protected override void PreStart()
    {
        _startTime = Now;
        _allocator = Context.ActorOf(AllocatorActor.Props(_settings.Allocator), "allocator");
    }

    private void TellAllocator(AllocatorChange change) => _allocator.Tell(change, Self);

    /// <summary>Gives resources back to the allocator, under the role they were allocated to.</summary>
    private void Recover(string frameworkId, AgentID agentId, Resources resources, string fallbackRole, double? refuseSeconds = null)
    {
        foreach (var (role, part) in ByRole(resources, fallbackRole))
        {
            TellAllocator(new ResourcesRecovered(frameworkId, agentId.Value, role, part, refuseSeconds));
        }
    }

    private static IEnumerable<(string Role, Resources Resources)> ByRole(Resources resources, string fallbackRole) =>
        resources.ToProtos()
            .GroupBy(r => r.AllocationInfo?.Role ?? fallbackRole, StringComparer.Ordinal)
            .Select(g => (g.Key, Resources.FromProtos(g).Unallocated()));

    private void RecoverTask(FrameworkState framework, MesosTask task) =>
        Recover(framework.Id.Value, task.AgentId, Resources.FromProtos(task.Resources), framework.Role);

    private static FrameworkSpec SpecOf(FrameworkState framework) =>
        FrameworkSpec.From(framework.Info, framework.SuppressedRoles);

    /// <summary>What frameworks hold on an agent (tasks and executors), as the allocator takes it when the agent is added.</summary>
    private IReadOnlyList<ResourceUse> UsedOn(AgentState agent)
    {
        var held = _tasks.OnAgent(agent.Id.Value).Select(t => (t.Key.Framework, Resources.FromProtos(t.Value.Resources)))
            .Concat(agent.Executors.Select(e => (e.Key.Framework, Resources.FromProtos(e.Value.Resources))));
        return held
            .SelectMany(h => ByRole(h.Item2, _frameworks.TryGetValue(h.Framework, out var f) ? f.Role : "*").Select(p => (h.Framework, p.Role, p.Resources)))
            .GroupBy(u => (u.Framework, u.Role))
            .Select(g => new ResourceUse(g.Key.Framework, g.Key.Role, g.Aggregate(Resources.Empty, (sum, u) => sum + u.Resources)))
            .ToList();
    }

    /// <summary>
    /// A registering agent tells what runs on it, which may differ from what the allocator holds for it
    /// (executors the master had not heard of): an agent registering again is added afresh, its offers
    /// rescinded first, with what it reports as used.
    /// </summary>
    private void ResyncAllocator(AgentState agent, bool added)
    {
        if (!added)
        {
            RescindOffers(agent);
            TellAllocator(new AgentRemoved(agent.Id.Value));
        }
        TellAllocator(new AgentAdded(agent.Id.Value, agent.Total, UsedOn(agent)));
    }

    /// <summary>
    /// Tells a restarted (empty) allocator everything it must know: offers it never made are rescinded
    /// first (their recovery is ignored, as it knows no framework yet), then every framework, the
    /// weights and quotas, and every reachable agent with what runs on it.
    /// </summary>
    private void HandClusterToAllocator()
    {
        foreach (var offer in _offers.All()) Rescind(offer);
        foreach (var framework in _frameworks.Values) TellAllocator(new FrameworkAdded(framework.Id.Value, SpecOf(framework), framework.Connected));
        TellRoleConfig();
        foreach (var agent in _agents.Values.Where(a => a.Reachable))
        {
            TellAllocator(new AgentAdded(agent.Id.Value, agent.Total, UsedOn(agent)));
            if (!agent.Connected) TellAllocator(new AgentDeactivated(agent.Id.Value));
        }
    }

    /// <summary>
    /// Turns the allocator's decisions into offers. What was decided for a framework or agent that is
    /// gone or disconnected since goes straight back.
    /// </summary>
    private void OnResourcesOffered(ResourcesOffered offered)
    {
        foreach (var group in offered.Offers.GroupBy(a => a.FrameworkId))
        {
            _frameworks.TryGetValue(group.Key, out var framework);
            var offers = new List<Offer>();
            foreach (var allocation in group)
            {
                if (framework is { Connected: true } && _agents.TryGetValue(allocation.AgentId, out var agent) && agent is { Connected: true, Reachable: true })
                {
                    offers.Add(MakeOffer(framework, agent, allocation));
                }
                else
                {
                    TellAllocator(new ResourcesRecovered(allocation.FrameworkId, allocation.AgentId, allocation.Role, allocation.Resources, null));
                }
            }
            if (offers.Count > 0) SendToFramework(framework!, new Event { Type = Event.Types.Type.Offers, Offers = new Event.Types.Offers { Offers_ = { offers } } });
        }
    }

    private Offer MakeOffer(FrameworkState framework, AgentState agent, Allocator.Allocation allocation)
    {
        var resources = allocation.Resources.AllocatedTo(allocation.Role);
        var offer = new Offer
        {
            Id = _ids.NextOfferId(),
            FrameworkId = framework.Id,
            AgentId = agent.Id,
            Hostname = agent.Info.Hostname,
            AllocationInfo = new Resource.Types.AllocationInfo { Role = allocation.Role },
        };
        offer.Resources.AddRange(resources.ToProtos());
        offer.Attributes.AddRange(agent.Info.Attributes);
        _offers.Add(new OutstandingOffer(offer, resources, allocation.Role));
        if (_settings.OfferTimeout is { } timeout) Timers.StartSingleTimer(OfferBook.TimerKey(offer.Id.Value), new OfferTimedOut(offer.Id.Value), timeout);
        return offer;
    }

    private void RescindOffers(FrameworkState framework)
    {
        foreach (var offer in _offers.OfFramework(framework.Id.Value)) Rescind(offer);
    }

    private void RescindOffers(AgentState agent)
    {
        foreach (var offer in _offers.OnAgent(agent.Id.Value)) Rescind(offer);
    }

    private void Rescind(OutstandingOffer offer)
    {
        RemoveOffer(offer.Offer.Id.Value);
        if (_frameworks.TryGetValue(offer.FrameworkId, out var framework))
        {
            SendToFramework(framework, new Event { Type = Event.Types.Type.Rescind, Rescind = new Event.Types.Rescind { OfferId = offer.Offer.Id } });
        }
        TellAllocator(offer.Recovered(null));
    }

    private void RemoveOffer(string offerId)
    {
        _offers.Remove(offerId);
        Timers.Cancel(OfferBook.TimerKey(offerId));
    }

    private string? Decline(FrameworkState framework, Call.Types.Decline decline)
    {
        foreach (var offerId in decline.OfferIds)
        {
            if (_offers.Find(offerId.Value) is not { } offer || offer.FrameworkId != framework.Id.Value) continue;
            RemoveOffer(offerId.Value);
            TellAllocator(offer.Recovered(RefuseSeconds.Of(decline.Filters)));
        }
        return null;
    }

    /// <summary>
    /// Launches what the framework accepted. Every task is checked; invalid ones end at once with
    /// TASK_ERROR, valid ones start staging on the agent. What the tasks leave unused goes back,
    /// refused to this framework for the filter's refuse_seconds.
    /// </summary>
    private string? Accept(FrameworkState framework, Call.Types.Accept accept)
    {
        var unsupported = accept.Operations.FirstOrDefault(o => o.Type is not (Offer.Types.Operation.Types.Type.Launch or Offer.Types.Operation.Types.Type.LaunchGroup
            or Offer.Types.Operation.Types.Type.Reserve or Offer.Types.Operation.Types.Type.Unreserve));
        if (unsupported is not null) return $"Offer operation {unsupported.Type} is not supported";

        var offers = accept.OfferIds.Select(id => _offers.Find(id.Value)).ToArray();
        var invalid = offers.Any(o => o is null || o.FrameworkId != framework.Id.Value) ? "Offer is no longer valid"
            : offers.Length == 0 ? "No offers were accepted"
            : offers.Select(o => o!.AgentId).Distinct().Count() > 1 ? "Offers are from more than one agent"
            : null;
        if (invalid is not null)
        {
            foreach (var offer in offers.Where(o => o?.FrameworkId == framework.Id.Value))
            {
                RemoveOffer(offer!.Offer.Id.Value);
                TellAllocator(offer.Recovered(null));
            }
            DropTasks(framework, accept.Operations, invalid);
            return null;
        }

        var agent = _agents[offers[0]!.AgentId];
        var role = offers[0]!.Offer.AllocationInfo?.Role ?? framework.Role;
        var remaining = offers.Aggregate(Resources.Empty, (sum, o) => sum + o!.Resources);
        foreach (var offer in offers) RemoveOffer(offer!.Offer.Id.Value);

        foreach (var operation in accept.Operations)
        {
            if (operation.Type == Offer.Types.Operation.Types.Type.Launch)
            {
                foreach (var task in operation.Launch?.TaskInfos ?? [])
                {
                    remaining = LaunchTask(framework, agent, role, task, remaining);
                }
            }
            else if (operation.LaunchGroup is { } group)
            {
                remaining = LaunchGroup(framework, agent, role, group, remaining);
            }
            else
            {
                remaining = ConvertOffered(framework, agent, role, operation, remaining);
            }
        }
        if (!remaining.IsEmpty) Recover(framework.Id.Value, agent.Id, remaining, role, RefuseSeconds.Of(accept.Filters));
        return null;
    }

    private Resources LaunchTask(FrameworkState framework, AgentState agent, string role, TaskInfo task, Resources remaining)
    {
        var placed = WithAllocation(task, agent.Id, role);
        if (placed.Executor is { } executor) placed.Executor = Placed(executor, framework.Id, role);
        var error = TaskValidator.ValidateLaunch(placed, agent.Id, framework.Id, id => _tasks.IsActive(framework.Id.Value, id),
            id => RunningExecutor(agent, framework, id), remaining);
        if (error is not null)
        {
            RejectTask(framework, placed, error);
            return remaining;
        }
        if (placed.Executor is not null) remaining -= StartExecutor(agent, framework, placed.Executor);
        Track(framework, agent, placed);
        SendToAgent(agent, new AgentEvent
        {
            Type = AgentEvent.Types.Type.RunTask,
            RunTask = new AgentEvent.Types.RunTask { Framework = framework.Info, Task = placed },
        });
        return remaining - Resources.FromProtos(placed.Resources);
    }

    private Resources LaunchGroup(FrameworkState framework, AgentState agent, string role, Offer.Types.Operation.Types.LaunchGroup group, Resources remaining)
    {
        var executor = Placed(group.Executor, framework.Id, role);
        var tasks = group.TaskGroup.Tasks.Select(t =>
        {
            var placed = WithAllocation(t, agent.Id, role);
            if (placed.Executor is { } own) placed.Executor = Placed(own, framework.Id, role);
            return placed;
        }).ToArray();
        var placedGroup = new TaskGroupInfo { Tasks = { tasks } };
        var error = TaskValidator.ValidateGroup(placedGroup, executor, agent.Id, framework.Id, id => _tasks.IsActive(framework.Id.Value, id),
            RunningExecutor(agent, framework, executor.ExecutorId), remaining);
        if (error is not null)
        {
            foreach (var task in tasks) RejectTask(framework, task, error);
            return remaining;
        }

        remaining -= StartExecutor(agent, framework, executor);
        foreach (var task in tasks) Track(framework, agent, task, executor.ExecutorId);
        SendToAgent(agent, new AgentEvent
        {
            Type = AgentEvent.Types.Type.RunTaskGroup,
            RunTaskGroup = new AgentEvent.Types.RunTaskGroup { Framework = framework.Info, Executor = executor, TaskGroup = placedGroup },
        });
        return tasks.Aggregate(remaining, (left, task) => left - Resources.FromProtos(task.Resources));
    }

    /// <summary>Tasks of frameworks that predate multiple roles carry no allocation; the offer's role is theirs.</summary>
    private static TaskInfo WithAllocation(TaskInfo task, AgentID agentId, string role)
    {
        var placed = task.Clone();
        placed.AgentId = agentId;
        Allocate(placed.Resources, role);
        return placed;
    }

    /// <summary>As Mesos, the master fills in the executor's framework and the role of its resources.</summary>
    private static ExecutorInfo Placed(ExecutorInfo executor, FrameworkID frameworkId, string role)
    {
        var placed = executor.Clone();
        placed.FrameworkId ??= frameworkId;
        Allocate(placed.Resources, role);
        return placed;
    }

    private static void Allocate(IEnumerable<Resource> resources, string role)
    {
        foreach (var resource in resources.Where(r => r.AllocationInfo is null))
        {
            resource.AllocationInfo = new Resource.Types.AllocationInfo { Role = role };
        }
    }

    private static ExecutorInfo? RunningExecutor(AgentState agent, FrameworkState framework, ExecutorID executorId) =>
        agent.Executors.GetValueOrDefault((framework.Id.Value, executorId.Value));

    /// <summary>Records an executor the agent will start for these tasks; returns what it takes of the offers (nothing when it runs already).</summary>
    private static Resources StartExecutor(AgentState agent, FrameworkState framework, ExecutorInfo executor)
    {
        if (!agent.Executors.TryAdd((framework.Id.Value, executor.ExecutorId.Value), executor)) return Resources.Empty;
        return Resources.FromProtos(executor.Resources);
    }

    private void Track(FrameworkState framework, AgentState agent, TaskInfo info, ExecutorID? executorId = null)
    {
        var task = new MesosTask
        {
            Name = info.Name,
            TaskId = info.TaskId,
            FrameworkId = framework.Id,
            AgentId = agent.Id,
            State = TaskState.TaskStaging,
            Resources = { info.Resources },
        };
        if ((executorId ?? info.Executor?.ExecutorId) is { } executor) task.ExecutorId = executor;
        if (info.Labels is not null) task.Labels = info.Labels;
        if (info.Container is not null) task.Container = info.Container;
        if (info.KillPolicy is not null) task.KillPolicy = info.KillPolicy;
        if (info.HealthCheck is not null) task.HealthCheck = info.HealthCheck;
        if (info.Discovery is not null) task.Discovery = info.Discovery;
        _tasks.Add(task);
        Publish(() => OperatorEvents.TaskAdded(task));
    }

    private void RejectTask(FrameworkState framework, TaskInfo task, string error)
    {
        if (task.TaskId is null) return;
        var status = NewStatus(task.TaskId, TaskState.TaskError, TaskStatus.Types.Reason.TaskInvalid, error, task.AgentId);
        _counters.Increment(MetricCounters.Tasks("master", TaskState.TaskError));
        SendToFramework(framework, UpdateEvent(status));
    }

    /// <summary>Tasks launched on offers that are gone never reach an agent.</summary>
    private void DropTasks(FrameworkState framework, IEnumerable<Offer.Types.Operation> operations, string reason)
    {
        var state = framework.IsPartitionAware ? TaskState.TaskDropped : TaskState.TaskLost;
        var tasks = operations.SelectMany(o => (o.Launch?.TaskInfos ?? []).Concat(o.LaunchGroup?.TaskGroup?.Tasks ?? []));
        foreach (var task in tasks.Where(t => t.TaskId is not null))
        {
            _counters.Increment(MetricCounters.Tasks("master", state));
            SendToFramework(framework, UpdateEvent(NewStatus(task.TaskId, state, TaskStatus.Types.Reason.InvalidOffers, reason, null)));
        }
    }
}
