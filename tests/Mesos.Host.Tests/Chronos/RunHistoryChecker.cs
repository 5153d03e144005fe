using System.Globalization;
using NodaTime;

namespace Mesos.Host.Tests.Chronos;

/// <summary>
/// Checks a job's run history as Jepsen checked Chronos': every instant the schedule asked for is met by a
/// run that started no later than epsilon after it (a run that catches up after an outage meets every instant
/// it coalesced, as long as it started within their epsilon), and no instant runs twice.
/// </summary>
internal static class RunHistoryChecker
{
    /// <summary>A run as a task list shows it: the instant it was due for (from its task id), its attempt, and when it started.</summary>
    public sealed record Run(string TaskId, Instant Due, int Attempt, Instant Started)
    {
        /// <summary>Reads Chronos' task id, <c>ct:&lt;due ms&gt;:&lt;attempt&gt;:&lt;job&gt;:&lt;count&gt;</c>.</summary>
        public static Run FromTaskId(string taskId, Instant started)
        {
            var parts = taskId.Split(':');
            if (parts.Length < 5 || parts[0] != "ct") throw new FormatException($"'{taskId}' is not a Chronos task id");
            return new Run(taskId, Instant.FromUnixTimeMilliseconds(long.Parse(parts[1], CultureInfo.InvariantCulture)),
                int.Parse(parts[2], CultureInfo.InvariantCulture), started);
        }
    }

    /// <summary>What went wrong: instants no run met within epsilon, and runs beyond the first for one instant and attempt.</summary>
    public sealed record Report(IReadOnlyList<Instant> Missed, IReadOnlyList<Run> Duplicates)
    {
        public override string ToString() =>
            $"{Missed.Count} missed ({string.Join(", ", Missed)}), {Duplicates.Count} duplicated ({string.Join(", ", Duplicates.Select(d => d.TaskId))})";
    }

    /// <summary>The instants of a schedule that starts at <paramref name="start"/> and repeats every <paramref name="period"/>, up to <paramref name="until"/>.</summary>
    public static IReadOnlyList<Instant> Targets(Instant start, Duration period, Instant until)
    {
        var targets = new List<Instant>();
        for (var t = start; t <= until; t += period) targets.Add(t);
        return targets;
    }

    public static Report Check(IReadOnlyList<Instant> targets, IReadOnlyList<Run> runs, Duration epsilon)
    {
        var missed = targets.Where(t => !runs.Any(r => r.Due >= t && r.Started >= t && r.Started <= t + epsilon)).ToList();
        var duplicates = runs.GroupBy(r => (r.Due, r.Attempt)).SelectMany(g => g.OrderBy(r => r.Started).Skip(1)).ToList();
        return new Report(missed, duplicates);
    }
}
