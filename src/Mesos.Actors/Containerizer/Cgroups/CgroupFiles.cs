using System.Globalization;

namespace Mesos.Actors.Containerizer.Cgroups;

/// <summary>Reading and writing cgroup control files: one value, or "key value" lines.</summary>
internal static class CgroupFiles
{
    public static void Write(string directory, string file, string value) => File.WriteAllText(Path.Combine(directory, file), value);

    public static void Write(string directory, string file, long value) => Write(directory, file, value.ToString(CultureInfo.InvariantCulture));

    /// <summary>The file's number; null when the file is absent or says "max".</summary>
    public static long? ReadNumber(string directory, string file) =>
        TryRead(directory, file) is { } text && long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>"key value" lines (cpu.stat, memory.stat, memory.events, cgroup.events) as a map; empty when the file is absent.</summary>
    public static IReadOnlyDictionary<string, long> ReadKeyed(string directory, string file)
    {
        var values = new Dictionary<string, long>(StringComparer.Ordinal);
        if (TryRead(directory, file) is not { } text) return values;
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2 && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var value)) values[parts[0]] = value;
        }
        return values;
    }

    /// <summary>The pids listed in cgroup.procs (or tasks, cgroup.threads); empty once the cgroup is gone.</summary>
    public static IReadOnlyList<int> ReadPids(string directory, string file = "cgroup.procs") =>
        TryRead(directory, file) is { } text
            ? [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(p => int.Parse(p, CultureInfo.InvariantCulture))]
            : [];

    public static string? TryRead(string directory, string file)
    {
        try
        {
            return File.ReadAllText(Path.Combine(directory, file));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }
}
