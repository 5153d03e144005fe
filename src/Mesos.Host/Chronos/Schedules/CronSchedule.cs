using Cronos;
using NodaTime;

namespace Mesos.Host.Chronos.Schedules;

/// <summary>
/// A cron expression (five fields, or six with seconds first) read in a time zone. Around daylight saving
/// time a daily run happens once: a time that a spring-forward skips runs right after the gap, and a time
/// that a fall-back repeats runs the first time only (Cronos' rules, which are cron's).
/// </summary>
public sealed class CronSchedule : JobSchedule
{
    private readonly CronExpression _expression;
    private readonly TimeZoneInfo _zone;

    private CronSchedule(string text, CronExpression expression, TimeZoneInfo zone)
    {
        Text = text;
        _expression = expression;
        _zone = zone;
    }

    public string Text { get; }

    /// <exception cref="FormatException">What is wrong with the expression or the zone.</exception>
    public static CronSchedule Parse(string text, string? timeZone)
    {
        var trimmed = text.Trim();
        var fields = trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        if (fields is not (5 or 6))
        {
            throw new FormatException($"Cron expression '{text}' needs five fields (minute hour day-of-month month day-of-week), or six with seconds first");
        }
        CronExpression expression;
        try
        {
            expression = CronExpression.Parse(trimmed, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
        }
        catch (CronFormatException e)
        {
            throw new FormatException($"Cron expression '{text}' is malformed: {e.Message}", e);
        }
        return new CronSchedule(trimmed, expression, Zone(timeZone));
    }

    public override Instant? NextAfter(Instant after) =>
        _expression.GetNextOccurrence(after.ToDateTimeUtc(), _zone, inclusive: false) is { } next ? Instant.FromDateTimeUtc(next) : null;

    public override string ToString() => Text;

    private static TimeZoneInfo Zone(string? name)
    {
        if (name is null or "") return TimeZoneInfo.Utc;
        return TimeZoneInfo.TryFindSystemTimeZoneById(name, out var zone) && DateTimeZoneProviders.Tzdb.GetZoneOrNull(name) is not null
            ? zone
            : throw new FormatException($"Time zone '{name}' is not a tz database name (such as 'Europe/Berlin' or 'UTC')");
    }
}
