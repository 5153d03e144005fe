using System.Globalization;
using System.Reflection;

namespace Mesos.Host;

/// <summary>What /version reports, from the assembly's build metadata.</summary>
internal static class VersionInfo
{
    private static readonly Assembly Assembly = typeof(VersionInfo).Assembly;

    public static string Version { get; } =
        (Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Split('+')[0];

    public static DateTimeOffset BuildDate { get; } =
        Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "BuildDate")?.Value is { } text
            ? DateTimeOffset.ParseExact(text, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
            : DateTimeOffset.UnixEpoch;

    /// <summary>The same facts as the v1 operator APIs of master and agent report them.</summary>
    public static Mesos.V1.VersionInfo ToProto() => new()
    {
        Version = Version,
        BuildDate = BuildDate.ToString("yyyy-MM-dd HH:mm:ss"),
        BuildTime = BuildDate.ToUnixTimeSeconds(),
        BuildUser = "",
    };
}
