using System.Collections.Immutable;
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
    public const string Staging = "TASK_STAGING";
    public const string Running = "TASK_RUNNING";

    /// <summary>Counts toward the app's instances: neither ended nor cut off from the cluster.</summary>
    public bool IsActive => State is "TASK_STAGING" or "TASK_STARTING" or "TASK_RUNNING" or "TASK_KILLING";

    public bool IsRunning => State == Running;

    /// <summary>Running, and healthy when the app checks health.</summary>
    public bool IsReady(bool checksHealth) => IsRunning && (!checksHealth || Healthy == true);
}
