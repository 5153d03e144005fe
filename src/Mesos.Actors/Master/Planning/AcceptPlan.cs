using Mesos.Actors.Master.Allocation;
using Mesos.Actors.Protocol;
using Mesos.Internal;
using Mesos.V1;
using MesosTask = Mesos.V1.Task;
using OperatorEvent = Mesos.V1.Master.Event;
using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.Actors.Master.Planning;

/// <summary>What an ACCEPT does, decided by <see cref="AcceptPlanner"/>; the master carries it out.</summary>
internal sealed record AcceptPlan
{
    /// <summary>Why the call is refused as a whole (the framework gets a 400), with nothing done; else null.</summary>
    public string? Refusal { get; init; }

    /// <summary>Offers the ACCEPT used up, valid or not: out of the offer book, their timeouts cancelled.</summary>
    public IReadOnlyList<string> ConsumedOffers { get; init; } = [];

    /// <summary>What the offers' agent is to run and hold; null when the offers were invalid (Mesos' ACCEPT names one agent).</summary>
    public AgentPlan? Agent { get; init; }

    /// <summary>Updates the master sends the framework itself: TASK_ERROR for invalid tasks; TASK_DROPPED or TASK_LOST for tasks on invalid offers.</summary>
    public IReadOnlyList<TaskStatus> Updates { get; init; } = [];

    /// <summary>What the allocator is told, in order: the conversions of offered resources, then what goes back to it.</summary>
    public IReadOnlyList<AllocatorChange> AllocatorChanges { get; init; } = [];

    /// <summary>RESERVE and UNRESERVE operations that did not apply, with why; as Mesos, they are dropped and the rest goes on.</summary>
    public IReadOnlyList<(Offer.Types.Operation Operation, string Reason)> DroppedOperations { get; init; } = [];

    /// <summary>What operators' event streams hear: each launched task is added.</summary>
    public IEnumerable<OperatorEvent> OperatorEvents => (Agent?.Tasks ?? []).Select(Operator.OperatorEvents.TaskAdded);

    public static AcceptPlan Refused(string reason) => new() { Refusal = reason };
}

/// <summary>What one agent is to run and hold for an ACCEPT.</summary>
internal sealed record AgentPlan(AgentID AgentId)
{
    /// <summary>RUN_TASK, RUN_TASK_GROUP and CHECKPOINT_RESOURCES, in the order of the operations.</summary>
    public IReadOnlyList<AgentEvent> Events { get; init; } = [];

    /// <summary>The tasks launched, staging, to be tracked as the framework's and the agent's.</summary>
    public IReadOnlyList<MesosTask> Tasks { get; init; } = [];

    /// <summary>Executors the agent starts for these tasks; they hold their resources until the agent says they exited.</summary>
    public IReadOnlyList<ExecutorInfo> ExecutorsStarted { get; init; } = [];

    /// <summary>The agent's total with the reservations the ACCEPT made or removed; null when it made none.</summary>
    public Resources? Total { get; init; }
}
