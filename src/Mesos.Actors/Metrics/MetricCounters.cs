using Mesos.Actors.Protocol;
using Mesos.V1;

namespace Mesos.Actors.Metrics;

/// <summary>
/// Counters of events since the process started (Mesos resets them on restart too), named as Mesos
/// names them. Every name is known from the start, so that a snapshot lists it at 0.
/// </summary>
public sealed class MetricCounters
{
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);

    public MetricCounters(IEnumerable<string> names)
    {
        foreach (var name in names) _counts[name] = 0;
    }

    /// <summary>The metric of tasks in <paramref name="state"/>, as <c>{prefix}/tasks_finished</c>.</summary>
    public static string Tasks(string prefix, TaskState state) =>
        $"{prefix}/tasks_{ProtoNames.Of(state)["TASK_".Length..].ToLowerInvariant()}";

    /// <summary>The counters of every terminal task state.</summary>
    public static IEnumerable<string> AllTasksEnded(string prefix) =>
        Enum.GetValues<TaskState>().Where(TaskStates.IsTerminal).Select(s => Tasks(prefix, s));

    public void Increment(string name) => Add(name, 1);

    public void Add(string name, long count) => _counts[name] = _counts.GetValueOrDefault(name) + count;

    public IReadOnlyDictionary<string, long> Snapshot() => new Dictionary<string, long>(_counts, StringComparer.Ordinal);
}
