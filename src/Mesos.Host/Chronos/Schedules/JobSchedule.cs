using NodaTime;

namespace Mesos.Host.Chronos.Schedules;

/// <summary>When a job's runs fall due: an ISO 8601 repeating interval or a cron expression, read in a time zone.</summary>
public abstract class JobSchedule
{
    /// <summary>The first run strictly after <paramref name="after"/>; null when the schedule has no more.</summary>
    public abstract Instant? NextAfter(Instant after);

    /// <summary>
    /// The last run in [<paramref name="notBefore"/>, <paramref name="until"/>], where <paramref name="notBefore"/> is a run;
    /// walks back from <paramref name="until"/> in a window that doubles until it holds a run, so that a long outage of a
    /// frequent schedule is not walked run by run.
    /// </summary>
    public virtual Instant LastAtOrBefore(Instant until, Instant notBefore)
    {
        for (var window = Duration.FromMinutes(1); ; window += window)
        {
            var from = until - window;
            if (from <= notBefore) return WalkTo(notBefore, until);
            if (NextAfter(from) is { } run && run <= until) return WalkTo(run, until);
        }
    }

    private Instant WalkTo(Instant run, Instant until)
    {
        while (NextAfter(run) is { } next && next <= until) run = next;
        return run;
    }

    /// <summary>How many runs fall in (<paramref name="after"/>, <paramref name="until"/>], counting no further than <paramref name="atMost"/>.</summary>
    public virtual long CountBetween(Instant after, Instant until, long atMost)
    {
        long count = 0;
        for (var next = NextAfter(after); next is { } run && run <= until && count < atMost; next = NextAfter(run)) count++;
        return count;
    }

    /// <summary>
    /// Reads a job's schedule: <c>Rn/start/period</c> (ISO 8601; <c>R</c> repeats forever; an empty start means
    /// <paramref name="now"/>) or, when <paramref name="cron"/> is given instead, a cron expression of five fields
    /// (or six, seconds first). <paramref name="timeZone"/> is a tz database name; for an ISO schedule it takes
    /// precedence over the start's own offset, whose wall-clock time it keeps.
    /// </summary>
    /// <exception cref="FormatException">The schedule or the time zone is malformed, with what is wrong.</exception>
    public static JobSchedule Parse(string? iso8601, string? cron, string? timeZone, Instant now)
    {
        var hasIso = !string.IsNullOrWhiteSpace(iso8601);
        var hasCron = !string.IsNullOrWhiteSpace(cron);
        if (hasIso == hasCron) throw new FormatException("A job needs exactly one of 'schedule' (ISO 8601) and 'cron'");
        return hasIso ? RepeatingInterval.Parse(iso8601!, timeZone, now) : CronSchedule.Parse(cron!, timeZone);
    }
}
