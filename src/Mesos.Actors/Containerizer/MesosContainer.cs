using Akka.Actor;
using Mesos.Actors.Containerizer.Cgroups;
using ResourceStatistics = Mesos.V1.ResourceStatistics;

namespace Mesos.Actors.Containerizer;

/// <summary>
/// A container of the <see cref="MesosContainerizer"/>. It ends with its first process, as a Mesos
/// container ends with its executor: what that process left behind is killed then (its process group,
/// or everything in its cgroup, which is then removed). With cgroups/mem, running out of memory ends it
/// too, reported as a memory limitation.
/// </summary>
internal sealed class MesosContainer : IContainer
{
    private readonly ContainerCgroup? _cgroup;
    private readonly CgroupLimits _limits;
    private readonly Isolation _isolation;
    private readonly IScheduler _scheduler;
    private readonly Lock _lock = new();
    private ICancelable? _escalation;
    private ContainerLimitation? _limitation;
    private Task? _destroyed;

    /// <param name="waited">Completes when the first process ends: reaped as a child, or watched after the agent's restart.</param>
    public MesosContainer(string containerId, int pid, Task<ContainerTermination> waited, ContainerCgroup? cgroup, CgroupLimits limits, Isolation isolation,
        IScheduler scheduler)
    {
        ContainerId = containerId;
        Pid = pid;
        _cgroup = cgroup;
        _limits = limits;
        _isolation = isolation;
        _scheduler = scheduler;
        Exited = waited.ContinueWith(TearDown, CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).Unwrap();
        cgroup?.OutOfMemory.ContinueWith(_ => OutOfMemory(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
    }

    public string ContainerId { get; }

    public int Pid { get; }

    public string? IpAddress => null;

    public Task<ContainerTermination> Exited { get; }

    public void Kill(TimeSpan? gracePeriod)
    {
        if (Exited.IsCompleted) return;
        var grace = gracePeriod ?? MesosContainerizer.DefaultGracePeriod;
        if (grace <= TimeSpan.Zero)
        {
            KillNow();
            return;
        }
        if (_cgroup is not null) _cgroup.Signal(Libc.SIGTERM);
        else PosixProcess.SignalGroup(Pid, Libc.SIGTERM);
        lock (_lock)
        {
            _escalation ??= _scheduler.Advanced.ScheduleOnceCancelable(grace, () =>
            {
                if (!Exited.IsCompleted) KillNow();
            });
        }
    }

    public Task<ResourceStatistics> UsageAsync(CancellationToken cancellationToken = default)
    {
        var usage = _cgroup?.Usage() ?? new ResourceStatistics();
        usage.Timestamp = _scheduler.Now.ToUnixTimeMilliseconds() / 1000.0;
        var processes = _cgroup?.Processes() ?? ProcessTreeUsage.Container(Pid);
        ProcessTreeUsage.Add(usage, processes,
            cpu: !_isolation.CgroupsCpuEnabled && _isolation.Isolators.Contains(Isolation.PosixCpu),
            memory: !_isolation.CgroupsMemEnabled && _isolation.Isolators.Contains(Isolation.PosixMem));
        if (_limits.Cpus is { } cpus) usage.CpusLimit = cpus;
        if (_limits.MemoryBytes is { } memory) usage.MemLimitBytes = (ulong)memory;
        return Task.FromResult(usage);
    }

    private void KillNow()
    {
        if (_cgroup is not null) Destroy();
        else PosixProcess.SignalGroup(Pid, Libc.SIGKILL);
    }

    private Task Destroy()
    {
        lock (_lock) return _destroyed ??= _cgroup!.DestroyAsync();
    }

    private void OutOfMemory()
    {
        lock (_lock) _limitation ??= ContainerLimitation.Memory(_cgroup!.MemoryLimitMessage());
        Destroy();
    }

    private async Task<ContainerTermination> TearDown(Task<ContainerTermination> waited)
    {
        var termination = await waited;
        if (_cgroup is not null)
        {
            // The kernel may have killed a process for memory before its event reached the watcher.
            if (_cgroup.OomKills() > 0) lock (_lock) _limitation ??= ContainerLimitation.Memory(_cgroup.MemoryLimitMessage());
            await Destroy();
        }
        else
        {
            PosixProcess.SignalGroup(Pid, Libc.SIGKILL);
        }
        lock (_lock)
        {
            _escalation?.Cancel();
            return termination with { Limitation = _limitation };
        }
    }
}
