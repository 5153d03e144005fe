using System.Globalization;

namespace Mesos.Actors.Protocol;

/// <summary>
/// Durations as Mesos writes them in flags and in /flags: a number and one of ns, us, ms, secs,
/// mins, hrs, days, weeks ("15secs", "1.5mins"). HOCON's own forms ("15s", "2 minutes") are read too.
/// </summary>
public static class MesosDuration
{
    // In ticks of 100 ns, as doubles: a nanosecond is a hundredth of a tick, which no TimeSpan holds.
    private static readonly (string Unit, double Ticks)[] Units =
    [
        ("weeks", TimeSpan.TicksPerDay * 7.0),
        ("days", TimeSpan.TicksPerDay),
        ("hrs", TimeSpan.TicksPerHour),
        ("mins", TimeSpan.TicksPerMinute),
        ("secs", TimeSpan.TicksPerSecond),
        ("ms", TimeSpan.TicksPerMillisecond),
        ("us", TimeSpan.TicksPerMicrosecond),
        ("ns", 0.01),
    ];

    /// <summary>Reads a duration; false for one that is malformed, negative, or longer than a TimeSpan holds (about 29,000 years).</summary>
    public static bool TryParse(string text, out TimeSpan duration) => TryParse(text, out duration, out _);

    /// <param name="tooLong">Set when the text is a duration in Mesos' form that no TimeSpan can hold, such as 1e30secs.</param>
    public static bool TryParse(string text, out TimeSpan duration, out bool tooLong)
    {
        duration = default;
        tooLong = false;
        var trimmed = text.Trim();
        foreach (var (unit, length) in Units)
        {
            if (!trimmed.EndsWith(unit, StringComparison.Ordinal)) continue;
            var number = trimmed[..^unit.Length].Trim();
            if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !(value >= 0) || double.IsInfinity(value))
            {
                return false;
            }
            var ticks = Math.Round(value * length, MidpointRounding.AwayFromZero);
            // A double beyond long's range does not convert to a tick count: it would wrap to a negative duration.
            if (ticks >= TimeSpan.MaxValue.Ticks)
            {
                tooLong = true;
                return false;
            }
            duration = TimeSpan.FromTicks((long)ticks);
            return true;
        }
        return false;
    }

    /// <summary>The largest unit in which the value is at least one, as Mesos prints it: 90 s is "1.5mins".</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration == Timeout.InfiniteTimeSpan) return "infinite";
        foreach (var (unit, length) in Units)
        {
            if (duration.Ticks >= length || unit == "ns")
            {
                var value = duration.Ticks / length;
                return value.ToString("0.######", CultureInfo.InvariantCulture) + unit;
            }
        }
        return "0ns";
    }

    /// <summary>The same duration in a form HOCON reads.</summary>
    public static string ToHocon(TimeSpan duration) =>
        duration.Ticks % TimeSpan.TicksPerMillisecond == 0
            ? $"{duration.Ticks / TimeSpan.TicksPerMillisecond}ms"
            : $"{duration.Ticks * 100}ns";
}
