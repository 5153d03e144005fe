using Akka.Configuration;

namespace Mesos.Actors.Containerizer.Cgroups;

/// <summary>Which cgroup version a machine runs, and where its hierarchies are mounted.</summary>
/// <param name="Version">1 when v1 controllers are mounted (a hybrid machine's empty cgroup2 is then left alone), else 2.</param>
/// <param name="V1Controllers">v1: each controller's mount point (co-mounted controllers share one).</param>
/// <param name="V2Root">v2: the cgroup2 mount point.</param>
internal sealed record CgroupMounts(int Version, IReadOnlyDictionary<string, string> V1Controllers, string? V2Root)
{
    /// <summary>Reads the mounts from /proc/self/mounts text, keeping those at or below <paramref name="hierarchy"/>.</summary>
    /// <exception cref="ConfigurationException">No cgroup file system is mounted there.</exception>
    public static CgroupMounts Parse(string mounts, string hierarchy)
    {
        var under = hierarchy.TrimEnd('/');
        var v1 = new Dictionary<string, string>(StringComparer.Ordinal);
        string? v2 = null;
        foreach (var line in mounts.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split(' ');
            if (fields.Length < 4) continue;
            var mountPoint = Unescape(fields[1]);
            if (mountPoint != under && !mountPoint.StartsWith(under + "/", StringComparison.Ordinal)) continue;
            if (fields[2] == "cgroup2" && mountPoint == under)
            {
                v2 = mountPoint;
            }
            else if (fields[2] == "cgroup")
            {
                foreach (var option in fields[3].Split(','))
                {
                    if (Controllers.V1.Contains(option)) v1.TryAdd(option, mountPoint);
                }
            }
        }
        if (v1.Count > 0) return new CgroupMounts(1, v1, null);
        if (v2 is not null) return new CgroupMounts(2, v1, v2);
        throw new ConfigurationException($"No cgroup hierarchy is mounted at {hierarchy} (--cgroups_hierarchy): the cgroups isolators need cgroups v1 controllers below it or a cgroup2 file system at it");
    }

    // /proc/self/mounts writes a space, tab, newline and backslash in a path as octal escapes.
    private static string Unescape(string path) => path.Replace("\\040", " ").Replace("\\011", "\t").Replace("\\012", "\n").Replace("\\134", "\\");
}

/// <summary>The controllers the containerizer uses.</summary>
internal static class Controllers
{
    public const string Cpu = "cpu";
    public const string Cpuacct = "cpuacct";
    public const string Memory = "memory";
    public const string Pids = "pids";
    public const string Freezer = "freezer";

    public static readonly string[] V1 = [Cpu, Cpuacct, Memory, Pids, Freezer];
}
