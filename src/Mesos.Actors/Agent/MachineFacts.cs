using System.Globalization;

namespace Mesos.Actors.Agent;

/// <summary>What the machine has, in bytes: the input of resource detection.</summary>
internal sealed record MachineFacts(int Cpus, long MemoryBytes, long DiskBytes)
{
    /// <summary>Reads this machine: online cores, MemTotal from /proc/meminfo, the size of the filesystem holding <paramref name="workDir"/>.</summary>
    public static MachineFacts Read(string workDir) =>
        new(Environment.ProcessorCount, MemTotal(), FilesystemSize(workDir));

    private static long MemTotal()
    {
        foreach (var line in File.ReadLines("/proc/meminfo"))
        {
            if (!line.StartsWith("MemTotal:", StringComparison.Ordinal)) continue;
            var kilobytes = line["MemTotal:".Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
            return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
        }
        throw new InvalidOperationException("/proc/meminfo has no MemTotal line");
    }

    // The work directory may not exist yet: its nearest existing ancestor is on the same filesystem.
    private static long FilesystemSize(string workDir)
    {
        var path = Path.GetFullPath(workDir);
        while (!Directory.Exists(path)) path = Path.GetDirectoryName(path) ?? "/";
        var mount = DriveInfo.GetDrives()
            .Where(d => IsUnder(path, d.Name))
            .MaxBy(d => d.Name.Length);
        return mount?.TotalSize ?? 0;
    }

    private static bool IsUnder(string path, string mountPoint) =>
        mountPoint == "/" || path == mountPoint || path.StartsWith(mountPoint.TrimEnd('/') + "/", StringComparison.Ordinal);
}
