using Mesos.Actors.Protocol;
using Mesos.V1;
using Mesos.V1.Quota;
using MesosTask = Mesos.V1.Task;

namespace Mesos.Actors.Master;

/// <summary>Asks the master for a snapshot of what it knows, for the operator API and the v0 endpoints.</summary>
public sealed record GetMasterState
{
    public static GetMasterState Instance { get; } = new();
}

/// <summary>Everything operators see of the cluster at one instant.</summary>
public sealed record MasterState(
    MasterInfo Info,
    DateTimeOffset StartTime,
    IReadOnlyList<FrameworkView> Frameworks,
    IReadOnlyList<FrameworkView> CompletedFrameworks,
    IReadOnlyList<AgentView> Agents)
{
    /// <summary>Weights the operator set, by role; any other role weighs 1.</summary>
    public IReadOnlyDictionary<string, double> Weights { get; init; } = new Dictionary<string, double>();

    /// <summary>Agents the registry admitted that have not registered again since this master recovered it.</summary>
    public IReadOnlyList<AgentInfo> RecoveredAgents { get; init; } = [];

    /// <summary>Executors that frameworks named (custom ones and task groups' default executors), with the agent each runs on.</summary>
    public IReadOnlyList<(AgentID Agent, ExecutorInfo Executor)> Executors { get; init; } = [];

    /// <summary>The master's counters since it started, by metric name.</summary>
    public IReadOnlyDictionary<string, long> Counters { get; init; } = new Dictionary<string, long>();

    /// <summary>Durations the master measures (its allocator's rounds), as libprocess reports timers, by metric name.</summary>
    public IReadOnlyDictionary<string, double> Timings { get; init; } = new Dictionary<string, double>();

    /// <summary>Whether metric snapshots list each framework's metrics (--publish_per_framework_metrics).</summary>
    public bool PublishPerFrameworkMetrics { get; init; } = true;

    /// <summary>Operator event streams open.</summary>
    public int OperatorSubscribers { get; init; }

    /// <summary>Quotas the operator set, by role.</summary>
    public IReadOnlyDictionary<string, QuotaConfig> Quotas { get; init; } = new Dictionary<string, QuotaConfig>();
}

public sealed record FrameworkView(
    FrameworkInfo Info,
    bool Active,
    bool Connected,
    DateTimeOffset RegisteredTime,
    DateTimeOffset? ReregisteredTime,
    DateTimeOffset? UnregisteredTime,
    IReadOnlyList<MesosTask> Tasks,
    IReadOnlyList<MesosTask> CompletedTasks,
    IReadOnlyList<Offer> Offers,
    Resources Used,
    Resources Offered)
{
    /// <summary>The framework's own counters (calls, events, offers, operations, ended tasks), by name under its metric prefix.</summary>
    public IReadOnlyDictionary<string, long> Counters { get; init; } = new Dictionary<string, long>();

    /// <summary>Each role the framework subscribed with, and whether it suppressed offers for it.</summary>
    public IReadOnlyDictionary<string, bool> Suppressed { get; init; } = new Dictionary<string, bool>();
}

public sealed record AgentView(
    AgentInfo Info,
    DateTimeOffset RegisteredTime,
    bool Active,
    bool Reachable,
    Resources Total,
    Resources Used,
    Resources Offered)
{
    /// <summary>The IP address the agent subscribed from, if known.</summary>
    public string? Address { get; init; }

    /// <summary>
    /// The agent's libprocess pid, which holds an IP as in Mesos: the hostname when it is one, else the address
    /// the agent subscribed from. Never a DNS lookup: an answer must not wait on one, nor fail because a name
    /// does not resolve. Clients (the upstream CLI, the web UI) reach the agent through it.
    /// </summary>
    public string Pid => $"slave(1)@{(System.Net.IPAddress.TryParse(Info.Hostname, out _) ? Info.Hostname : Address ?? Info.Hostname)}:{Info.Port}";

    /// <summary>What the agent said it supports.</summary>
    public IReadOnlyList<AgentInfo.Types.Capability> Capabilities { get; init; } = [];
}
