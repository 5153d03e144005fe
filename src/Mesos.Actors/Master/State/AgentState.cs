using Mesos.Actors.Protocol;
using Akka.Actor;
using Mesos.V1;

namespace Mesos.Actors.Master.State;

/// <summary>What the master knows of one agent.</summary>
internal sealed class AgentState(AgentInfo info, IActorRef session) : IReadOnlyAgent
{
    public AgentInfo Info { get; set; } = info;
    public AgentID Id => Info.Id;
    public IActorRef Session { get; } = session;
    public string? StreamId { get; set; }
    public bool Connected => StreamId is not null;

    /// <summary>The IP address the agent last subscribed from, if the endpoint knew it.</summary>
    public string? Address { get; set; }

    /// <summary>False once the agent missed too many pings; it may come back and re-register.</summary>
    public bool Reachable { get; set; } = true;

    /// <summary>The batch that last added the agent to the allocator afresh; offers decided before it are stale.</summary>
    public long AddedInBatch { get; set; }

    /// <summary>The agent's resources with the dynamic reservations made on it since it registered.</summary>
    public Resources Total { get; set; } = Resources.FromProtos(info.Resources);

    /// <summary>What the agent said it supports when it last subscribed.</summary>
    public IReadOnlyList<AgentInfo.Types.Capability> Capabilities { get; set; } = [];

    public DateTimeOffset RegisteredTime { get; init; }
    public DateTimeOffset? UnreachableTime { get; set; }

    /// <summary>
    /// Executors running here that frameworks named (custom ones and the default executor of task groups),
    /// keyed by framework id and executor id; they hold their own resources until the agent says they exited.
    /// </summary>
    public Dictionary<(string Framework, string Executor), ExecutorInfo> Executors { get; } = [];

    IReadOnlyDictionary<(string Framework, string Executor), ExecutorInfo> IReadOnlyAgent.Executors => Executors;
}
