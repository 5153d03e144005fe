using System.Reflection;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Mesos.V1;
using Mesos.V1.Scheduler;
using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.Actors.Framework;

/// <summary>Builds the v1 scheduler calls; the framework id is added by the actor when it sends them.</summary>
internal static class SchedulerCalls
{
    public static Call Subscribe(FrameworkInfo info) => new()
    {
        Type = Call.Types.Type.Subscribe,
        FrameworkId = info.Id,
        Subscribe = new Call.Types.Subscribe { FrameworkInfo = info },
    };

    public static Call Accept(IEnumerable<OfferID> offerIds, IEnumerable<Offer.Types.Operation> operations, Filters? filters) => new()
    {
        Type = Call.Types.Type.Accept,
        Accept = new Call.Types.Accept { OfferIds = { offerIds }, Operations = { operations }, Filters = filters },
    };

    /// <summary>One LAUNCH of <paramref name="tasks"/> on the offer's agent; tasks without an agent id get the offer's.</summary>
    public static Call Launch(Offer offer, IEnumerable<TaskInfo> tasks, Filters? filters)
    {
        var placed = tasks.Select(t => t.AgentId is null ? WithAgent(t, offer.AgentId) : t);
        var launch = new Offer.Types.Operation
        {
            Type = Offer.Types.Operation.Types.Type.Launch,
            Launch = new Offer.Types.Operation.Types.Launch { TaskInfos = { placed } },
        };
        return Accept([offer.Id], [launch], filters);
    }

    public static Call Decline(IEnumerable<OfferID> offerIds, Filters? filters) => new()
    {
        Type = Call.Types.Type.Decline,
        Decline = new Call.Types.Decline { OfferIds = { offerIds }, Filters = filters },
    };

    public static Call Kill(TaskID taskId, AgentID? agentId) => new()
    {
        Type = Call.Types.Type.Kill,
        Kill = new Call.Types.Kill { TaskId = taskId, AgentId = agentId },
    };

    /// <summary>The acknowledgement of an update, or null when the update needs none (no uuid, or no agent).</summary>
    public static Call? Acknowledge(TaskStatus status) =>
        status.HasUuid && !status.Uuid.IsEmpty && status.AgentId is not null
            ? new Call
            {
                Type = Call.Types.Type.Acknowledge,
                Acknowledge = new Call.Types.Acknowledge { AgentId = status.AgentId, TaskId = status.TaskId, Uuid = status.Uuid },
            }
            : null;

    /// <summary>Explicit reconciliation of the given tasks; none asks for every task the master knows (implicit).</summary>
    public static Call Reconcile(IEnumerable<TaskStatus> tasks) => new()
    {
        Type = Call.Types.Type.Reconcile,
        Reconcile = new Call.Types.Reconcile
        {
            Tasks = { tasks.Select(t => new Call.Types.Reconcile.Types.Task { TaskId = t.TaskId, AgentId = t.AgentId }) },
        },
    };

    public static Call Revive() => new() { Type = Call.Types.Type.Revive, Revive = new Call.Types.Revive() };

    public static Call Suppress() => new() { Type = Call.Types.Type.Suppress, Suppress = new Call.Types.Suppress() };

    public static Call Message(AgentID agentId, ExecutorID executorId, byte[] data) => new()
    {
        Type = Call.Types.Type.Message,
        Message = new Call.Types.Message { AgentId = agentId, ExecutorId = executorId, Data = ByteString.CopyFrom(data) },
    };

    public static Call Teardown() => new() { Type = Call.Types.Type.Teardown };

    /// <summary>The call's name as the API spells it: ACCEPT, RECONCILE_OPERATIONS, ...</summary>
    public static string NameOf(Call.Types.Type type) =>
        typeof(Call.Types.Type).GetField(type.ToString())?.GetCustomAttribute<OriginalNameAttribute>()?.Name ?? type.ToString();

    private static TaskInfo WithAgent(TaskInfo task, AgentID agentId)
    {
        var placed = task.Clone();
        placed.AgentId = agentId;
        return placed;
    }
}
