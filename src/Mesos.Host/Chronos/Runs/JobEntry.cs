using System.Collections.Immutable;
using Mesos.Host.Chronos.Jobs;
using Mesos.Host.Chronos.Schedules;
using NodaTime;
using NodaTime.Text;

namespace Mesos.Host.Chronos.Runs;

/// <summary>A job as the scheduler keeps it: its definition, how far its schedule is handled, its counts and recent runs.</summary>
public sealed record JobEntry(JobDefinition Definition, JobSchedule? Schedule, Instant Handled, JobStats Stats, ImmutableList<RunRecord> Recent)
{
    /// <summary>How many ended runs a job keeps for /v1/scheduler/job/stat.</summary>
    public const int RecentLimit = 100;

    /// <summary>When the definition was saved: a schedule's empty start means that instant.</summary>
    public Instant SavedAt { get; private init; }

    public static JobEntry Saved(JobDefinition job, Instant at, JobEntry? previous)
    {
        var schedule = job.IsDependent ? null : JobSchedule.Parse(job.Schedule, job.Cron, job.ScheduleTimeZone, at);
        // The schedule counts runs strictly after what is handled; a start of "now" is a run.
        return new JobEntry(job, schedule, at - Duration.Epsilon, previous?.Stats ?? JobStats.None, previous?.Recent ?? [])
        {
            SavedAt = at,
        };
    }

    public Duration Epsilon => PeriodPattern.NormalizingIso.Parse(Definition.Epsilon).GetValueOrThrow().ToDuration();

    /// <summary>When the schedule next falls due; null for a dependent or disabled job, or a schedule with no more runs.</summary>
    public Instant? NextDue => Definition.Disabled ? null : Schedule?.NextAfter(Handled);

    public JobEntry Ended(RunRecord run)
    {
        var recent = Recent.Add(run);
        return this with { Recent = recent.Count > RecentLimit ? recent.RemoveAt(0) : recent };
    }
}
