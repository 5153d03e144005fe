using Mesos.Actors.Allocator;
using Mesos.Actors.Master.Agents;
using Mesos.Actors.Master.Allocation;
using Mesos.Actors.Master.Offers;
using Mesos.Actors.Master.State;
using Mesos.Actors.Master.Tasks;
using Mesos.Actors.Master.Validation;
using Mesos.Actors.Protocol;
using Mesos.Internal;
using Mesos.V1;
using Mesos.V1.Scheduler;
using MesosTask = Mesos.V1.Task;
using OperationType = Mesos.V1.Offer.Types.Operation.Types.Type;
using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.Actors.Master.Planning;

/// <summary>
/// Decides what a framework's ACCEPT does, as Nomad's scheduler decides a plan: it reads the master's
/// state, changes none of it, and returns an <see cref="AcceptPlan"/> for the master to carry out. No
/// actors, no clock (<c>now</c> is passed in), no I/O.
/// </summary>
/// <remarks>
/// As Mesos: the offers must be distinct, outstanding, the framework's and of one agent; else they go
/// back to the allocator and every task is dropped (TASK_DROPPED, or TASK_LOST for a framework that is
/// not partition-aware). Then the operations apply in order to what the offers hold: each task is
/// checked, and launched or ended with TASK_ERROR; RESERVE and UNRESERVE convert what is left. What
/// the operations leave goes back, refused to the framework for the filter's refuse_seconds.
/// </remarks>
internal static class AcceptPlanner
{
    public static AcceptPlan Plan(IReadOnlyFramework framework, Call.Types.Accept accept, PlanningState state, DateTimeOffset now)
    {
        var unsupported = accept.Operations.FirstOrDefault(o => o.Type is not (OperationType.Launch or OperationType.LaunchGroup
            or OperationType.Reserve or OperationType.Unreserve));
        if (unsupported is not null) return AcceptPlan.Refused($"Offer operation {unsupported.Type} is not supported");

        var offers = accept.OfferIds.Select(id => state.Offers.Find(id.Value)).ToArray();
        var invalid = Duplicate(accept.OfferIds) is { } duplicate ? $"Duplicate offer {duplicate.Value} in offer list"
            : offers.Any(o => o is null || o.FrameworkId != framework.Id.Value) ? "Offer is no longer valid"
            : offers.Length == 0 ? "No offers were accepted"
            : offers.Select(o => o!.AgentId).Distinct().Count() > 1 ? "Offers are from more than one agent"
            : null;
        if (invalid is not null) return Drop(framework, accept, offers, invalid, now);

        var valid = offers.Select(o => o!).ToArray();
        var role = valid[0].Offer.AllocationInfo?.Role ?? framework.Role;
        var draft = new Draft(framework, state.Agent(valid[0].AgentId), state.Tasks, role,
            valid.Aggregate(Resources.Empty, (sum, o) => sum + o.Resources), now);
        foreach (var operation in accept.Operations) draft.Apply(operation);
        return draft.Finish(valid.Select(o => o.Id).ToArray(), RefuseSeconds.Of(accept.Filters));
    }

    /// <summary>The first offer id named twice: the offer would count twice.</summary>
    private static OfferID? Duplicate(IEnumerable<OfferID> offerIds)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return offerIds.FirstOrDefault(id => !seen.Add(id.Value));
    }

    /// <summary>Invalid offers: the framework's among them go back, once each, and tasks launched on them never reach an agent.</summary>
    private static AcceptPlan Drop(IReadOnlyFramework framework, Call.Types.Accept accept, IEnumerable<OutstandingOffer?> offers, string reason, DateTimeOffset now)
    {
        var own = offers.OfType<OutstandingOffer>().Where(o => o.FrameworkId == framework.Id.Value).DistinctBy(o => o.Id).ToArray();
        var state = framework.IsPartitionAware ? TaskState.TaskDropped : TaskState.TaskLost;
        var tasks = accept.Operations.SelectMany(o => (o.Launch?.TaskInfos ?? []).Concat(o.LaunchGroup?.TaskGroup?.Tasks ?? []));
        return new AcceptPlan
        {
            ConsumedOffers = own.Select(o => o.Id).ToArray(),
            AllocatorChanges = own.Select(o => o.Recovered(null)).ToArray(),
            Updates = tasks.Where(t => t.TaskId is not null)
                .Select(t => MasterStatus.New(t.TaskId, state, TaskStatus.Types.Reason.InvalidOffers, reason, null, now)).ToArray(),
        };
    }

    /// <summary>
    /// The plan as the operations build it. Later operations see what earlier ones did: the task ids
    /// launched are in use, the executors started run, the resources taken are gone.
    /// </summary>
    private sealed class Draft(IReadOnlyFramework framework, IReadOnlyAgent agent, TaskBook tasks, string role, Resources offered, DateTimeOffset now)
    {
        private readonly List<AgentEvent> _events = [];
        private readonly List<MesosTask> _launched = [];
        private readonly HashSet<string> _launchedIds = new(StringComparer.Ordinal);
        private readonly Dictionary<string, ExecutorInfo> _started = new(StringComparer.Ordinal);
        private readonly List<TaskStatus> _updates = [];
        private readonly List<AllocatorChange> _allocator = [];
        private readonly List<(Offer.Types.Operation, string)> _dropped = [];
        private Resources _remaining = offered;
        private Resources? _total;

        public void Apply(Offer.Types.Operation operation)
        {
            switch (operation.Type)
            {
                case OperationType.Launch when operation.Launch is { } launch:
                    foreach (var task in launch.TaskInfos) Launch(task);
                    break;
                case OperationType.Launch:
                    _dropped.Add((operation, "Expecting 'launch' to be present"));
                    break;
                case OperationType.LaunchGroup when operation.LaunchGroup is { TaskGroup: not null } group:
                    Launch(group);
                    break;
                case OperationType.LaunchGroup:
                    _dropped.Add((operation, "Expecting 'launch_group' with a 'task_group' to be present"));
                    break;
                default:
                    Convert(operation);
                    break;
            }
        }

        public AcceptPlan Finish(IReadOnlyList<string> consumed, double refuseSeconds)
        {
            if (!_remaining.IsEmpty) _allocator.AddRange(Recovery.Of(framework.Id.Value, agent.Id.Value, _remaining, role, refuseSeconds));
            return new AcceptPlan
            {
                ConsumedOffers = consumed,
                Agent = new AgentPlan(agent.Id) { Events = _events, Tasks = _launched, ExecutorsStarted = [.. _started.Values], Total = _total },
                Updates = _updates,
                AllocatorChanges = _allocator,
                DroppedOperations = _dropped,
            };
        }

        private void Launch(TaskInfo task)
        {
            var placed = WithAllocation(task);
            var error = TaskValidator.ValidateLaunch(placed, agent.Id, framework.Id, IsTaskIdInUse, Running, _remaining);
            if (error is not null)
            {
                Reject(placed, error);
                return;
            }
            if (placed.Executor is not null) _remaining -= Start(placed.Executor);
            Track(placed, placed.Executor?.ExecutorId);
            _events.Add(new AgentEvent
            {
                Type = AgentEvent.Types.Type.RunTask,
                RunTask = new AgentEvent.Types.RunTask { Framework = framework.Info, Task = placed },
            });
            _remaining -= Resources.FromProtos(placed.Resources);
        }

        private void Launch(Offer.Types.Operation.Types.LaunchGroup group)
        {
            if (group.Executor is null)
            {
                foreach (var task in group.TaskGroup.Tasks) Reject(task, "Expecting 'executor' to be present in LAUNCH_GROUP");
                return;
            }
            var executor = Placed(group.Executor);
            var placedTasks = group.TaskGroup.Tasks.Select(WithAllocation).ToArray();
            var placedGroup = new TaskGroupInfo { Tasks = { placedTasks } };
            var error = TaskValidator.ValidateGroup(placedGroup, executor, agent.Id, framework.Id, IsTaskIdInUse, Running(executor.ExecutorId), _remaining);
            if (error is not null)
            {
                foreach (var task in placedTasks) Reject(task, error);
                return;
            }
            _remaining -= Start(executor);
            foreach (var task in placedTasks) Track(task, executor.ExecutorId);
            _events.Add(new AgentEvent
            {
                Type = AgentEvent.Types.Type.RunTaskGroup,
                RunTaskGroup = new AgentEvent.Types.RunTaskGroup { Framework = framework.Info, Executor = executor, TaskGroup = placedGroup },
            });
            _remaining = placedTasks.Aggregate(_remaining, (left, task) => left - Resources.FromProtos(task.Resources));
        }

        /// <summary>RESERVE or UNRESERVE of what is left of the offers; dropped, with what is left unchanged, when it does not apply (or is neither).</summary>
        private void Convert(Offer.Types.Operation operation)
        {
            var principal = framework.Info.HasPrincipal ? framework.Info.Principal : null;
            var converted = ReservationValidator.Conversions(operation, role, principal, out var error) is { } conversions
                ? ReservationConversion.Apply(_remaining.Unallocated(), conversions, out error)
                : null;
            if (converted is null)
            {
                _dropped.Add((operation, error!));
                return;
            }
            if (ReservationConversion.Of([operation], out _) is { } totalConversions
                && ReservationConversion.Apply(_total ?? agent.Total, totalConversions, out _) is { } total)
            {
                _total = total;
                _events.Add(AgentEvents.CheckpointResources(total));
            }
            _allocator.Add(new AllocationConverted(framework.Id.Value, agent.Id.Value, role, operation));
            _remaining = converted.AllocatedTo(role);
        }

        private bool IsTaskIdInUse(string taskId) => tasks.IsActive(framework.Id.Value, taskId) || _launchedIds.Contains(taskId);

        private ExecutorInfo? Running(ExecutorID executorId) =>
            agent.Executors.GetValueOrDefault((framework.Id.Value, executorId.Value)) ?? _started.GetValueOrDefault(executorId.Value);

        /// <summary>An executor the agent starts for these tasks: what it takes of the offers, nothing when it runs already.</summary>
        private Resources Start(ExecutorInfo executor)
        {
            if (Running(executor.ExecutorId) is not null) return Resources.Empty;
            _started.Add(executor.ExecutorId.Value, executor);
            return Resources.FromProtos(executor.Resources);
        }

        private void Track(TaskInfo info, ExecutorID? executorId)
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
            if (executorId is not null) task.ExecutorId = executorId;
            if (info.Labels is not null) task.Labels = info.Labels;
            if (info.Container is not null) task.Container = info.Container;
            if (info.KillPolicy is not null) task.KillPolicy = info.KillPolicy;
            if (info.HealthCheck is not null) task.HealthCheck = info.HealthCheck;
            if (info.Discovery is not null) task.Discovery = info.Discovery;
            _launched.Add(task);
            _launchedIds.Add(info.TaskId.Value);
        }

        private void Reject(TaskInfo task, string error)
        {
            if (task.TaskId is null) return;
            _updates.Add(MasterStatus.New(task.TaskId, TaskState.TaskError, TaskStatus.Types.Reason.TaskInvalid, error, task.AgentId, now));
        }

        /// <summary>Tasks of frameworks that predate multiple roles carry no allocation; the offer's role is theirs.</summary>
        private TaskInfo WithAllocation(TaskInfo task)
        {
            var placed = task.Clone();
            placed.AgentId = agent.Id;
            Allocate(placed.Resources);
            if (placed.Executor is { } executor) placed.Executor = Placed(executor);
            return placed;
        }

        /// <summary>As Mesos, the master fills in the executor's framework and the role of its resources.</summary>
        private ExecutorInfo Placed(ExecutorInfo executor)
        {
            var placed = executor.Clone();
            placed.FrameworkId ??= framework.Id;
            Allocate(placed.Resources);
            return placed;
        }

        private void Allocate(IEnumerable<Resource> resources)
        {
            foreach (var resource in resources.Where(r => r.AllocationInfo is null))
            {
                resource.AllocationInfo = new Resource.Types.AllocationInfo { Role = role };
            }
        }
    }
}
