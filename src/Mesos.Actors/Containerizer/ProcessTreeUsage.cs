using System.Globalization;
using ResourceStatistics = Mesos.V1.ResourceStatistics;

namespace Mesos.Actors.Containerizer;

/// <summary>
/// Usage read from /proc, as Mesos' posix/cpu and posix/mem isolators read it: the cpu times, resident
/// memory and threads of a container's live processes (those of its session and process group, or its cgroup's).
/// </summary>
internal static class ProcessTreeUsage
{
    private const double TicksPerSecond = 100;
    private static readonly long PageSize = Environment.SystemPageSize;

    /// <summary>
    /// The processes of the session or the process group <paramref name="leader"/> leads: a container's first process leads
    /// both, but for an exit recorder, which leaves the group to the command and is in no session of its own.
    /// </summary>
    public static IReadOnlyList<int> Container(int leader)
    {
        var members = new List<int>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            if (Stat(pid) is { } stat && (stat.Session == leader || stat.Group == leader)) members.Add(pid);
        }
        return members;
    }

    /// <summary>Fills the cpu (<paramref name="cpu"/>) and memory (<paramref name="memory"/>) figures of <paramref name="usage"/> from these processes.</summary>
    public static void Add(ResourceStatistics usage, IReadOnlyList<int> pids, bool cpu, bool memory)
    {
        double user = 0, system = 0;
        long rss = 0, threads = 0;
        foreach (var stat in pids.Select(Stat).OfType<ProcStat>())
        {
            user += stat.UserTicks / TicksPerSecond;
            system += stat.SystemTicks / TicksPerSecond;
            rss += stat.RssPages * PageSize;
            threads += stat.Threads;
        }
        if (cpu)
        {
            usage.CpusUserTimeSecs = user;
            usage.CpusSystemTimeSecs = system;
        }
        if (memory) usage.MemRssBytes = (ulong)rss;
        if (!usage.HasProcesses) usage.Processes = (uint)pids.Count;
        if (!usage.HasThreads) usage.Threads = (uint)threads;
    }

    private static ProcStat? Stat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        // "pid (comm) state ppid pgrp session ...": comm may hold spaces and parentheses.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        if (fields.Length < 22) return null;
        long Field(int number) => long.Parse(fields[number - 3], CultureInfo.InvariantCulture);
        return new ProcStat((int)Field(5), (int)Field(6), Field(14), Field(15), Field(20), Field(24));
    }

    private sealed record ProcStat(int Group, int Session, long UserTicks, long SystemTicks, long Threads, long RssPages);
}
