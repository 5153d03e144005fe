namespace Mesos.Actors.Configuration;

/// <summary>Parses durations using the HOCON spec's unit names; a bare number is milliseconds.</summary>
internal static class DurationParser
{
    private const decimal TicksPerNanosecond = 0.01m;

    private static readonly Dictionary<string, decimal> TicksPerUnit = BuildUnits();

    public static TimeSpan Parse(string text, string path)
    {
        var trimmed = text.Trim();
        if (trimmed is "infinite" or "inf" or "Inf" or "Infinite")
        {
            return Timeout.InfiniteTimeSpan;
        }

        if (!UnitValueParser.TrySplit(trimmed, out var number, out var unit))
        {
            throw new ConfigException($"Config path '{path}' has invalid duration '{text}': expected a number followed by an optional unit such as ms, s, m, h or d");
        }

        if (!TicksPerUnit.TryGetValue(unit, out var ticksPerUnit))
        {
            throw new ConfigException($"Config path '{path}' has invalid duration '{text}': unknown unit '{unit}'");
        }

        var ticks = decimal.Round(number * ticksPerUnit, MidpointRounding.AwayFromZero);
        if (ticks > TimeSpan.MaxValue.Ticks || ticks < TimeSpan.MinValue.Ticks)
        {
            throw new ConfigException($"Config path '{path}' has duration '{text}' which is out of range");
        }

        return TimeSpan.FromTicks((long)ticks);
    }

    private static Dictionary<string, decimal> BuildUnits()
    {
        var units = new Dictionary<string, decimal>(StringComparer.Ordinal);
        void Add(decimal ticks, params string[] names)
        {
            foreach (var name in names)
            {
                units[name] = ticks;
            }
        }

        Add(TimeSpan.TicksPerMillisecond, string.Empty);
        Add(TicksPerNanosecond, "ns", "nano", "nanos", "nanosecond", "nanoseconds");
        Add(TimeSpan.TicksPerMicrosecond, "us", "micro", "micros", "microsecond", "microseconds");
        Add(TimeSpan.TicksPerMillisecond, "ms", "milli", "millis", "millisecond", "milliseconds");
        Add(TimeSpan.TicksPerSecond, "s", "second", "seconds");
        Add(TimeSpan.TicksPerMinute, "m", "minute", "minutes");
        Add(TimeSpan.TicksPerHour, "h", "hour", "hours");
        Add(TimeSpan.TicksPerDay, "d", "day", "days");
        return units;
    }
}
