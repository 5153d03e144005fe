using NodaTime;
using NodaTime.Text;

namespace Mesos.Host.Chronos.Schedules;

/// <summary>
/// An ISO 8601 repeating interval, <c>Rn/start/period</c>. The k-th run is the start plus k times the
/// period, always counted from the start, so that months of different lengths never make runs drift
/// (Jan 31 plus one month is Feb 28, plus two is Mar 31). The period's years, months, weeks and days move
/// the wall clock in the schedule's zone (a daily run stays at its hour across daylight saving time;
/// a time that a spring-forward skips runs at the same offset after the gap, and one that a fall-back
/// repeats runs once, the first time); its hours, minutes and seconds are elapsed time (PT1H is always
/// an hour apart).
/// </summary>
public sealed class RepeatingInterval : JobSchedule
{
    private readonly LocalDateTime _start;
    private readonly Period _calendar;
    private readonly Duration _elapsed;

    private RepeatingInterval(long? repetitions, LocalDateTime start, DateTimeZone zone, Period period)
    {
        Repetitions = repetitions;
        _start = start;
        Zone = zone;
        Period = period;
        _calendar = new PeriodBuilder { Years = period.Years, Months = period.Months, Weeks = period.Weeks, Days = period.Days }.Build();
        _elapsed = new PeriodBuilder
        {
            Hours = period.Hours, Minutes = period.Minutes, Seconds = period.Seconds,
            Milliseconds = period.Milliseconds, Ticks = period.Ticks, Nanoseconds = period.Nanoseconds,
        }.Build().ToDuration();
    }

    /// <summary>How many runs the schedule has in all; null: forever.</summary>
    public long? Repetitions { get; }

    public DateTimeZone Zone { get; }

    public Period Period { get; }

    /// <summary>The first run.</summary>
    public Instant Start => Run(0) ?? throw new InvalidOperationException("A schedule always has its start");

    /// <exception cref="FormatException">What is wrong with the text or the zone.</exception>
    public static RepeatingInterval Parse(string text, string? timeZone, Instant now)
    {
        var parts = text.Trim().Split('/');
        if (parts.Length != 3) throw new FormatException($"Schedule '{text}' is not Rn/start/period (ISO 8601 repeating interval)");
        var repetitions = ParseRepetitions(parts[0], text);
        var zone = timeZone is null or "" ? null : DateTimeZoneProviders.Tzdb.GetZoneOrNull(timeZone)
            ?? throw new FormatException($"Time zone '{timeZone}' is not a tz database name (such as 'Europe/Berlin' or 'UTC')");
        var (start, startZone) = ParseStart(parts[1], zone, now, text);
        var period = ParsePeriod(parts[2], text);
        return new RepeatingInterval(repetitions, start, zone ?? startZone, period);
    }

    public override Instant? NextAfter(Instant after)
    {
        if (Run(0) is not { } first) return null;
        return first > after ? first : Run(LastIndexAtOrBefore(after) + 1);
    }

    public override Instant LastAtOrBefore(Instant until, Instant notBefore) => Run(LastIndexAtOrBefore(until)) ?? notBefore;

    public override long CountBetween(Instant after, Instant until, long atMost)
    {
        if (NextAfter(after) is not { } first || first > until) return 0;
        var count = LastIndexAtOrBefore(until) - LastIndexAtOrBefore(first) + 1;
        return Math.Min(count, atMost);
    }

    public override string ToString() =>
        $"R{Repetitions?.ToString(System.Globalization.CultureInfo.InvariantCulture)}/{OffsetDateTimePattern.ExtendedIso.Format(Start.InZone(Zone).ToOffsetDateTime())}/{PeriodPattern.NormalizingIso.Format(Period)}";

    /// <summary>The k-th run, or null when there is none (beyond the repetitions or the calendar).</summary>
    private Instant? Run(long k)
    {
        if (k < 0 || (Repetitions is { } n && k >= n)) return null;
        try
        {
            var wallClock = _start.Plus(Times(_calendar, k));
            return wallClock.InZoneLeniently(Zone).ToInstant().Plus(_elapsed * k);
        }
        catch (Exception e) when (e is OverflowException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>The last k whose run is at or before <paramref name="instant"/>, which the first run is: runs grow with k, so doubling then halving finds it.</summary>
    private long LastIndexAtOrBefore(Instant instant)
    {
        long below = 0, above = 1;
        while (Run(above) is { } run && run <= instant)
        {
            below = above;
            above *= 2;
        }
        while (above - below > 1)
        {
            var middle = below + (above - below) / 2;
            if (Run(middle) is { } run && run <= instant) below = middle;
            else above = middle;
        }
        return below;
    }

    private static Period Times(Period calendar, long k) => new PeriodBuilder
    {
        Years = checked((int)(calendar.Years * k)),
        Months = checked((int)(calendar.Months * k)),
        Weeks = checked((int)(calendar.Weeks * k)),
        Days = checked((int)(calendar.Days * k)),
    }.Build();

    private static long? ParseRepetitions(string text, string schedule)
    {
        if (text == "R") return null;
        if (text.Length > 1 && text[0] == 'R' && long.TryParse(text.AsSpan(1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)) return n;
        throw new FormatException($"Schedule '{schedule}' must start with R (forever) or Rn (n times), not '{text}'");
    }

    private static (LocalDateTime Start, DateTimeZone Zone) ParseStart(string text, DateTimeZone? zone, Instant now, string schedule)
    {
        if (text.Length == 0)
        {
            var startZone = zone ?? DateTimeZone.Utc;
            return (now.InZone(startZone).LocalDateTime, startZone);
        }
        var withOffset = OffsetDateTimePattern.ExtendedIso.Parse(text);
        if (withOffset.Success)
        {
            return (withOffset.Value.LocalDateTime, DateTimeZone.ForOffset(withOffset.Value.Offset));
        }
        var local = LocalDateTimePattern.ExtendedIso.Parse(text);
        if (local.Success) return (local.Value, DateTimeZone.Utc);
        throw new FormatException($"Schedule '{schedule}' has a start that is not an ISO 8601 date and time (such as 2026-01-31T02:30:00Z): '{text}'");
    }

    private static Period ParsePeriod(string text, string schedule)
    {
        var parsed = PeriodPattern.NormalizingIso.Parse(text);
        if (!parsed.Success) throw new FormatException($"Schedule '{schedule}' has a period that is not an ISO 8601 duration (such as PT1H or P1M): '{text}'");
        var period = parsed.Value;
        var components = new long[] { period.Years, period.Months, period.Weeks, period.Days, period.Hours, period.Minutes, period.Seconds, period.Milliseconds, period.Ticks, period.Nanoseconds };
        if (components.Any(c => c < 0) || components.All(c => c == 0))
        {
            throw new FormatException($"Schedule '{schedule}' needs a period longer than zero, not '{text}'");
        }
        return period;
    }
}
