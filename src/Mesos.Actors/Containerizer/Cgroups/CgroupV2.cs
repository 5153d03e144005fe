using System.Globalization;
using ResourceStatistics = Mesos.V1.ResourceStatistics;

namespace Mesos.Actors.Containerizer.Cgroups;

/// <summary>
/// A container's cgroup on cgroups v2: one directory, with the controllers its isolators use enabled
/// in every cgroup above it. Killing writes cgroup.kill (Linux 5.14 and later), or freezes, SIGKILLs and
/// thaws until the cgroup is empty. Out-of-memory kills are counted in memory.events, which the kernel
/// reports changes of to file watchers.
/// </summary>
internal sealed class CgroupV2 : ContainerCgroup
{
    private readonly string _directory;
    private readonly bool _memory;
    private readonly TaskCompletionSource _outOfMemory = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly FileSystemWatcher? _memoryEvents;

    public CgroupV2(string root, string containerPath, IReadOnlyList<string> controllers, CgroupLimits limits) : base(limits)
    {
        _directory = Path.Combine(root, containerPath);
        EnableControllers(root, Path.GetDirectoryName(containerPath)!, controllers);
        Directory.CreateDirectory(_directory);
        _memory = controllers.Contains(Controllers.Memory);

        if (controllers.Contains(Controllers.Cpu))
        {
            if (limits.CpuWeight is { } weight) CgroupFiles.Write(_directory, "cpu.weight", weight);
            CgroupFiles.Write(_directory, "cpu.max", limits.CpuMax);
        }
        if (_memory && limits.MemoryBytes is { } memory)
        {
            CgroupFiles.Write(_directory, "memory.max", memory);
            _memoryEvents = new FileSystemWatcher(_directory, "memory.events") { NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.Size };
            _memoryEvents.Changed += (_, _) =>
            {
                if (OomKills() > 0) _outOfMemory.TrySetResult();
            };
            _memoryEvents.EnableRaisingEvents = true;
        }
        if (controllers.Contains(Controllers.Pids))
        {
            CgroupFiles.Write(_directory, "pids.max", limits.PidsMax is { } max ? max.ToString(CultureInfo.InvariantCulture) : "max");
        }
    }

    public override IReadOnlyList<string> ProcsFiles => [Path.Combine(_directory, "cgroup.procs")];

    protected override IEnumerable<string> Directories => [_directory];

    public override IReadOnlyList<int> Processes() => CgroupFiles.ReadPids(_directory);

    public override Task OutOfMemory => _outOfMemory.Task;

    public override long OomKills() => _memory ? CgroupFiles.ReadKeyed(_directory, "memory.events").GetValueOrDefault("oom_kill") : 0;

    public override ResourceStatistics Usage()
    {
        var cpu = CgroupFiles.ReadKeyed(_directory, "cpu.stat");
        var usage = new ResourceStatistics
        {
            Processes = Count(Processes()),
            Threads = Count(CgroupFiles.ReadPids(_directory, "cgroup.threads")),
            CpusUserTimeSecs = cpu.GetValueOrDefault("user_usec") / 1e6,
            CpusSystemTimeSecs = cpu.GetValueOrDefault("system_usec") / 1e6,
        };
        if (cpu.TryGetValue("nr_periods", out var periods))
        {
            usage.CpusNrPeriods = (uint)periods;
            usage.CpusNrThrottled = (uint)cpu.GetValueOrDefault("nr_throttled");
            usage.CpusThrottledTimeSecs = cpu.GetValueOrDefault("throttled_usec") / 1e6;
        }
        if (_memory)
        {
            var memory = CgroupFiles.ReadKeyed(_directory, "memory.stat");
            usage.MemTotalBytes = (ulong)(CgroupFiles.ReadNumber(_directory, "memory.current") ?? 0);
            usage.MemRssBytes = (ulong)memory.GetValueOrDefault("anon");
            usage.MemCacheBytes = (ulong)memory.GetValueOrDefault("file");
        }
        return usage;
    }

    public override string MemoryLimitMessage() =>
        $"Memory limit exceeded: Requested: {Megabytes(CgroupFiles.ReadNumber(_directory, "memory.max"))} Maximum Used: {Megabytes(CgroupFiles.ReadNumber(_directory, "memory.peak"))}";

    protected override async Task KillAllAsync()
    {
        _memoryEvents?.Dispose();
        if (File.Exists(Path.Combine(_directory, "cgroup.kill")))
        {
            CgroupFiles.Write(_directory, "cgroup.kill", "1");
            await Until(() => !Populated());
            return;
        }
        while (Populated())
        {
            CgroupFiles.Write(_directory, "cgroup.freeze", "1");
            await Until(() => CgroupFiles.ReadKeyed(_directory, "cgroup.events").GetValueOrDefault("frozen", 1) == 1);
            Signal(Libc.SIGKILL);
            CgroupFiles.Write(_directory, "cgroup.freeze", "0");
        }
    }

    private bool Populated() => CgroupFiles.ReadKeyed(_directory, "cgroup.events").GetValueOrDefault("populated") == 1;

    /// <summary>A controller reaches a cgroup only when every cgroup above it enables it in cgroup.subtree_control.</summary>
    private static void EnableControllers(string root, string parentPath, IReadOnlyList<string> controllers)
    {
        if (controllers.Count == 0) return;
        var change = string.Join(' ', controllers.Select(c => "+" + c));
        var directory = root;
        CgroupFiles.Write(directory, "cgroup.subtree_control", change);
        foreach (var part in parentPath.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            directory = Path.Combine(directory, part);
            Directory.CreateDirectory(directory);
            CgroupFiles.Write(directory, "cgroup.subtree_control", change);
        }
    }
}
