using NodaTime;

namespace Mesos.Host.Chronos.Schedules;

/// <summary>
/// What a job's schedule asks for at an instant, given the last run it handled (ran or skipped): every run
/// that fell due since then is handled once. The latest of them runs if it is no older than epsilon (a
/// scheduler that was down catches up once, never once per missed run); the others are skipped.
/// </summary>
/// <param name="Run">The scheduled time of the run to start now, if any.</param>
/// <param name="Skipped">How many runs fell due and will not run (counted up to <see cref="CountLimit"/>).</param>
/// <param name="Handled">The last run now handled, which the job records; unchanged when nothing fell due.</param>
/// <param name="Next">When the next run falls due; null when the schedule has no more.</param>
public sealed record DueRuns(Instant? Run, long Skipped, Instant Handled, Instant? Next)
{
    /// <summary>Skipped runs are counted no further: a schedule every second that was down for years need not be walked.</summary>
    public const long CountLimit = 100_000;

    public static DueRuns At(JobSchedule schedule, Instant handled, Instant now, Duration epsilon)
    {
        var first = schedule.NextAfter(handled);
        if (first is not { } due || due > now) return new DueRuns(null, 0, handled, first);
        var count = schedule.CountBetween(handled, now, CountLimit);
        var latest = schedule.LastAtOrBefore(now, due);
        var runs = now - latest <= epsilon;
        return new DueRuns(runs ? latest : null, runs ? count - 1 : count, latest, schedule.NextAfter(latest));
    }
}
