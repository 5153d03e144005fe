using System.Runtime.InteropServices;
using ResourceStatistics = Mesos.V1.ResourceStatistics;

namespace Mesos.Actors.Containerizer.Cgroups;

/// <summary>
/// A container's cgroups on cgroups v1: one directory under each hierarchy it uses. Killing freezes the
/// freezer cgroup, SIGKILLs every process in it and thaws it, until it is empty, so that nothing forks
/// away meanwhile. Out of memory is reported by the kernel on an eventfd registered in cgroup.event_control.
/// </summary>
internal sealed class CgroupV1 : ContainerCgroup
{
    private const double TicksPerSecond = 100;
    private readonly string _freezer;
    private readonly string? _cpu;
    private readonly string? _cpuacct;
    private readonly string? _memory;
    private readonly string? _pids;
    private readonly TaskCompletionSource _outOfMemory = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public CgroupV1(IReadOnlyDictionary<string, string> controllers, string containerPath, CgroupLimits limits) : base(limits)
    {
        string Under(string controller) => Path.Combine(controllers[controller], containerPath);
        _freezer = Under(Controllers.Freezer);
        if (controllers.ContainsKey(Controllers.Cpu))
        {
            _cpu = Under(Controllers.Cpu);
            _cpuacct = Under(Controllers.Cpuacct);
        }
        if (controllers.ContainsKey(Controllers.Memory)) _memory = Under(Controllers.Memory);
        if (controllers.ContainsKey(Controllers.Pids)) _pids = Under(Controllers.Pids);
        foreach (var directory in Directories) Directory.CreateDirectory(directory);

        if (_cpu is not null && limits.CpuShares is { } shares) CgroupFiles.Write(_cpu, "cpu.shares", shares);
        if (_cpu is not null && limits.CfsQuotaMicros is { } quota)
        {
            CgroupFiles.Write(_cpu, "cpu.cfs_period_us", CgroupLimits.CfsPeriodMicros);
            CgroupFiles.Write(_cpu, "cpu.cfs_quota_us", quota);
        }
        if (_memory is not null && limits.MemoryBytes is { } memory)
        {
            CgroupFiles.Write(_memory, "memory.limit_in_bytes", memory);
            CgroupFiles.Write(_memory, "memory.soft_limit_in_bytes", memory);
            WatchOutOfMemory(_memory);
        }
        if (_pids is not null) CgroupFiles.Write(_pids, "pids.max", limits.PidsMax is { } max ? max.ToString(System.Globalization.CultureInfo.InvariantCulture) : "max");
    }

    public override IReadOnlyList<string> ProcsFiles => [.. Directories.Select(d => Path.Combine(d, "cgroup.procs"))];

    protected override IEnumerable<string> Directories =>
        new[] { _freezer, _cpu, _cpuacct, _memory, _pids }.OfType<string>().Distinct(StringComparer.Ordinal);

    public override IReadOnlyList<int> Processes() => CgroupFiles.ReadPids(_freezer);

    public override Task OutOfMemory => _outOfMemory.Task;

    public override long OomKills() =>
        _memory is null ? 0 : CgroupFiles.ReadKeyed(_memory, "memory.oom_control").GetValueOrDefault("oom_kill");

    public override ResourceStatistics Usage()
    {
        var usage = new ResourceStatistics
        {
            Processes = Count(Processes()),
            Threads = Count(CgroupFiles.ReadPids(_freezer, "tasks")),
        };
        if (_cpuacct is not null)
        {
            var times = CgroupFiles.ReadKeyed(_cpuacct, "cpuacct.stat");
            usage.CpusUserTimeSecs = times.GetValueOrDefault("user") / TicksPerSecond;
            usage.CpusSystemTimeSecs = times.GetValueOrDefault("system") / TicksPerSecond;
        }
        if (_cpu is not null)
        {
            var cpu = CgroupFiles.ReadKeyed(_cpu, "cpu.stat");
            usage.CpusNrPeriods = (uint)cpu.GetValueOrDefault("nr_periods");
            usage.CpusNrThrottled = (uint)cpu.GetValueOrDefault("nr_throttled");
            usage.CpusThrottledTimeSecs = cpu.GetValueOrDefault("throttled_time") / 1e9;
        }
        if (_memory is not null)
        {
            var memory = CgroupFiles.ReadKeyed(_memory, "memory.stat");
            usage.MemTotalBytes = (ulong)(CgroupFiles.ReadNumber(_memory, "memory.usage_in_bytes") ?? 0);
            usage.MemRssBytes = (ulong)memory.GetValueOrDefault("total_rss");
            usage.MemCacheBytes = (ulong)memory.GetValueOrDefault("total_cache");
        }
        return usage;
    }

    public override string MemoryLimitMessage() => _memory is null
        ? "Memory limit exceeded"
        : $"Memory limit exceeded: Requested: {Megabytes(CgroupFiles.ReadNumber(_memory, "memory.limit_in_bytes"))} Maximum Used: {Megabytes(CgroupFiles.ReadNumber(_memory, "memory.max_usage_in_bytes"))}";

    protected override async Task KillAllAsync()
    {
        while (Processes().Count > 0)
        {
            CgroupFiles.Write(_freezer, "freezer.state", "FROZEN");
            await Until(() => CgroupFiles.TryRead(_freezer, "freezer.state")?.Trim() is "FROZEN" or null);
            Signal(Libc.SIGKILL);
            CgroupFiles.Write(_freezer, "freezer.state", "THAWED");
            await Until(() => CgroupFiles.TryRead(_freezer, "freezer.state")?.Trim() is "THAWED" or null);
        }
    }

    // The kernel signals the eventfd when the cgroup runs out of memory, and when the cgroup is removed.
    private void WatchOutOfMemory(string memory)
    {
        var eventFd = Libc.eventfd(0, Libc.EFD_CLOEXEC);
        if (eventFd < 0) throw new IOException($"eventfd failed: errno {Marshal.GetLastPInvokeError()}");
        using (var control = File.OpenHandle(Path.Combine(memory, "memory.oom_control")))
        {
            CgroupFiles.Write(memory, "cgroup.event_control", $"{eventFd} {control.DangerousGetHandle()}");
        }
        var watcher = new Thread(() =>
        {
            var buffer = new byte[8];
            while (Libc.read(eventFd, buffer, buffer.Length) < 0 && Marshal.GetLastPInvokeError() == Libc.EINTR)
            {
            }
            Libc.close(eventFd);
            if (Directory.Exists(memory)) _outOfMemory.TrySetResult();
        })
        {
            IsBackground = true,
            Name = "oom " + Path.GetFileName(memory),
        };
        watcher.Start();
    }
}
