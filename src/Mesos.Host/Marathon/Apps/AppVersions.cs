using System.Globalization;

namespace Mesos.Host.Marathon.Apps;

/// <summary>Marathon's versions are instants, written in ISO 8601 with milliseconds and Z.</summary>
public static class AppVersions
{
    private const string Pattern = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public static string Format(DateTimeOffset version) => version.UtcDateTime.ToString(Pattern, CultureInfo.InvariantCulture);

    public static bool TryParse(string text, out DateTimeOffset version) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out version);

    /// <summary>Versions are kept to the millisecond, so that what is written reads back equal.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset instant) =>
        new(instant.UtcTicks - instant.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
}
