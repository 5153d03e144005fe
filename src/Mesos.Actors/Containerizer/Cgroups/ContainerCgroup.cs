using System.Globalization;
using ResourceStatistics = Mesos.V1.ResourceStatistics;

namespace Mesos.Actors.Containerizer.Cgroups;

/// <summary>
/// One container's cgroup (under each v1 hierarchy it uses, or the one v2 directory): its limits, the
/// processes in it, its usage and out-of-memory kills, and its destruction, which kills every process in
/// it and removes it.
/// </summary>
internal abstract class ContainerCgroup(CgroupLimits limits)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(5);

    public CgroupLimits Limits { get; } = limits;

    /// <summary>The cgroup.procs files the container's first process writes itself into before it runs its command.</summary>
    public abstract IReadOnlyList<string> ProcsFiles { get; }

    /// <summary>The processes in the cgroup now.</summary>
    public abstract IReadOnlyList<int> Processes();

    /// <summary>Completes when the kernel reports the container out of memory; never without cgroups/mem.</summary>
    public abstract Task OutOfMemory { get; }

    /// <summary>How many of the container's processes the kernel's OOM killer has killed.</summary>
    public abstract long OomKills();

    /// <summary>What the cgroup says of its cpu, memory and processes; the agent adds the timestamp.</summary>
    public abstract ResourceStatistics Usage();

    /// <summary>Why a container over its memory ended, as Mesos words it.</summary>
    public abstract string MemoryLimitMessage();

    public void Signal(int signal)
    {
        foreach (var pid in Processes()) Libc.kill(pid, signal);
    }

    /// <summary>Kills every process in the cgroup until none is left, then removes it; what forked meanwhile is caught too.</summary>
    public async Task DestroyAsync()
    {
        await KillAllAsync();
        await RemoveAsync();
    }

    protected abstract Task KillAllAsync();

    protected abstract IEnumerable<string> Directories { get; }

    private async Task RemoveAsync()
    {
        foreach (var directory in Directories)
        {
            // A process that was killed leaves the cgroup only once the kernel has finished its exit.
            for (var attempt = 0; Directory.Exists(directory); attempt++)
            {
                try
                {
                    Directory.Delete(directory);
                }
                catch (IOException) when (attempt < 2000)
                {
                    await Task.Delay(Poll);
                }
            }
        }
    }

    /// <summary>Waits for <paramref name="condition"/>, checking every few milliseconds.</summary>
    protected static async Task Until(Func<bool> condition)
    {
        while (!condition()) await Task.Delay(Poll);
    }

    protected static string Megabytes(long? bytes) =>
        bytes is { } b ? (b / (1024 * 1024)).ToString(CultureInfo.InvariantCulture) + "MB" : "unknown";

    protected static uint Count(IReadOnlyList<int> pids) => (uint)pids.Count;
}
