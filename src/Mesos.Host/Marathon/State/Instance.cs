using System.Collections.Immutable;
using Mesos.Host.Marathon.Apps;
using Mesos.Host.Marathon.Constraints;

namespace Mesos.Host.Marathon.State;

/// <summary>
/// One instance of an app: its task, the app's version and configuration version it was launched with,
/// where it runs, and the last state and health its task reported.
/// </summary>
public sealed record Instance(
    string TaskId,
    string AppId,
    DateTimeOffset Version,
    DateTimeOffset ConfigVersion,
    Placement Agent,
    ImmutableArray<int> Ports,
    string State,
    bool? Healthy,
    DateTimeOffset StagedAt,
    DateTimeOffset? StartedAt)
{
    /// <summary>The address the task's container reported (the agent's own when it shares the agent's network).</summary>
    public string? IpAddress { get; init; }

    /// <summary>The task's health as its checks last changed it.</summary>
    public HealthHistory Health { get; init; } = HealthHistory.None;

    /// <summary>Since when the task has been unreachable, while it is.</summary>
    public DateTimeOffset? UnreachableSince { get; init; }

    public const string Staging = "TASK_STAGING";
    public const string Running = "TASK_RUNNING";
    public const string Unreachable = "TASK_UNREACHABLE";

    /// <summary>Counts toward the app's instances: neither ended nor cut off from the cluster.</summary>
    public bool IsActive => State is "TASK_STAGING" or "TASK_STARTING" or "TASK_RUNNING" or "TASK_KILLING";

    /// <summary>
    /// Counts toward the app's instances at <paramref name="now"/>: active, or unreachable for less than the app's
    /// inactiveAfterSeconds (after which another instance replaces it).
    /// </summary>
    public bool CountsAt(DateTimeOffset now, UnreachableStrategy strategy) =>
        IsActive || (UnreachableSince is { } since && now - since < TimeSpan.FromSeconds(strategy.InactiveAfterSeconds));

    /// <summary>When an unreachable task is to be forgotten (and killed should it come back), after the app's expungeAfterSeconds.</summary>
    public DateTimeOffset? ExpungeAt(UnreachableStrategy strategy) => UnreachableSince?.AddSeconds(strategy.ExpungeAfterSeconds);

    public bool IsRunning => State == Running;

    /// <summary>Running, and healthy when the app checks health.</summary>
    public bool IsReady(bool checksHealth) => IsRunning && (!checksHealth || Healthy == true);
}

/// <summary>When a task's health check first passed, last passed and last failed (and why), as its status updates told.</summary>
public sealed record HealthHistory(DateTimeOffset? FirstSuccess, DateTimeOffset? LastSuccess, DateTimeOffset? LastFailure, string? LastFailureCause, int ConsecutiveFailures)
{
    public static HealthHistory None { get; } = new(null, null, null, null, 0);

    public HealthHistory Passed(DateTimeOffset at) => this with { FirstSuccess = FirstSuccess ?? at, LastSuccess = at, ConsecutiveFailures = 0 };

    public HealthHistory Failed(DateTimeOffset at, string? cause) => this with { LastFailure = at, LastFailureCause = cause, ConsecutiveFailures = ConsecutiveFailures + 1 };
}
