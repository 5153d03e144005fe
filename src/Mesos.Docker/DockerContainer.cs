using Docker.DotNet;
using Docker.DotNet.Models;
using Mesos.Actors.Containerizer;
using Resources = Mesos.Actors.Protocol.Resources;
using Version = System.Version;
using ResourceStatistics = Mesos.V1.ResourceStatistics;

namespace Mesos.Docker;

/// <summary>
/// A running Docker container of the <see cref="DockerContainerizer"/>. Its output goes into the sandbox
/// from the moment it starts; it ends when the engine reports its exit, with the exit code and, when the
/// kernel killed it for memory, a memory limitation; then it is removed. A container found again after
/// the agent's restart (<see cref="RecoverAsync"/>) is watched the same way, its output since the last the
/// sandbox got read back from the engine's log.
/// </summary>
internal sealed class DockerContainer : IContainer
{
    private readonly DockerClient _client;
    private readonly string _id;
    private readonly string _name;
    private readonly TimeSpan _stopTimeout;
    private readonly Version _apiVersion;
    private readonly double _cpus;
    private readonly double _mem;

    private readonly CancellationTokenSource _watch = new();
    private volatile bool _outOfMemory;

    private DockerContainer(DockerClient client, string id, string containerId, IReadOnlyList<Mesos.V1.Resource> resources, TimeSpan stopTimeout, Version apiVersion,
        ContainerInspectResponse inspected, Task logs, string since)
    {
        _client = client;
        _id = id;
        _name = DockerRun.ContainerName(containerId);
        _stopTimeout = stopTimeout;
        _apiVersion = apiVersion;
        var scalars = Resources.FromProtos(resources);
        _cpus = scalars.Scalar("cpus");
        _mem = scalars.Scalar("mem");
        ContainerId = containerId;
        Pid = (int)(inspected.State?.Pid ?? 0);
        IpAddress = AddressOf(inspected);
        WatchOutOfMemory(since);
        Exited = WaitAsync(logs);
    }

    public string ContainerId { get; }

    public int Pid { get; }

    public string? IpAddress { get; }

    public Task<ContainerTermination> Exited { get; }

    /// <summary>Attaches to the created container's output, starts it, and looks up its pid and address.</summary>
    public static async Task<IContainer> StartAsync(DockerClient client, string id, ContainerLaunch launch, TimeSpan stopTimeout, Version apiVersion,
        CancellationToken cancellationToken)
    {
        Task logs;
        // Events from just before the start on, so that an out-of-memory kill is seen however late the watch connects.
        var since = DateTimeOffset.UtcNow.AddSeconds(-1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            // Attached before the start, so that nothing the container writes is missed.
            var output = await client.Containers.AttachContainerAsync(id,
                new ContainerAttachParameters { Stream = true, Stdout = true, Stderr = true }, cancellationToken);
            logs = CopyOutput(output, launch);
            await client.Containers.StartContainerAsync(id, new ContainerStartParameters(), cancellationToken);
        }
        catch
        {
            await Remove(client, id);
            throw;
        }
        var inspected = await client.Containers.InspectContainerAsync(id, cancellationToken);
        return new DockerContainer(client, id, launch.ContainerId, launch.Resources, stopTimeout, apiVersion, inspected, logs, since);
    }

    /// <summary>
    /// The container an earlier run of the agent launched, found again by its name: one that still runs is watched as
    /// if launched now, its output since the sandbox last got any copied there from the engine's log; one that ended
    /// meanwhile is returned ended, with the exit code the engine kept, and removed; one the engine no longer has is
    /// returned ended, its exit unknown.
    /// </summary>
    public static async Task<IContainer> RecoverAsync(DockerClient client, ContainerRecovery recovery, TimeSpan stopTimeout, Version apiVersion,
        CancellationToken cancellationToken)
    {
        var name = DockerRun.ContainerName(recovery.ContainerId);
        ContainerInspectResponse inspected;
        try
        {
            inspected = await client.Containers.InspectContainerAsync(name, cancellationToken);
        }
        catch (DockerContainerNotFoundException)
        {
            return new EndedContainer(recovery.ContainerId, recovery.Process.Pid, ContainerTermination.Unknown);
        }
        if (inspected.State?.Running != true)
        {
            await Remove(client, inspected.ID);
            return new EndedContainer(recovery.ContainerId, (int)(inspected.State?.Pid ?? 0),
                Termination((int)(inspected.State?.ExitCode ?? -1), inspected.State?.OOMKilled == true, Resources.FromProtos(recovery.Resources).Scalar("mem"), name));
        }
        var since = DateTimeOffset.UtcNow.AddSeconds(-1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var logs = recovery.SandboxDirectory is { } sandbox && recovery.WorkDirectory is { } workDirectory
            ? await FollowOutput(client, inspected.ID, workDirectory, sandbox, cancellationToken)
            : Task.CompletedTask;
        return new DockerContainer(client, inspected.ID, recovery.ContainerId, recovery.Resources, stopTimeout, apiVersion, inspected, logs, since);
    }

    private static string? AddressOf(ContainerInspectResponse inspected) =>
        inspected.NetworkSettings?.Networks is { } networks && inspected.HostConfig?.NetworkMode is not ("host" or "none")
            ? networks.Values.Select(n => n.IPAddress).FirstOrDefault(a => !string.IsNullOrEmpty(a))
            : null;

    /// <summary>
    /// The container's output from the last moment the sandbox's files were written on, read from the engine's log and
    /// followed until the container ends; what the agent missed while it was down is not lost, as long as the engine
    /// keeps a log it can read back.
    /// </summary>
    private static async Task<Task> FollowOutput(DockerClient client, string id, string workDirectory, string sandboxDirectory, CancellationToken cancellationToken)
    {
        using var sandbox = SandboxDirectory.Open(workDirectory, sandboxDirectory, create: false);
        var lastWrite = new[] { "stdout", "stderr" }.Select(f => File.GetLastWriteTimeUtc(Path.Combine(sandboxDirectory, f))).Max();
        var parameters = new ContainerLogsParameters { Follow = true, ShowStdout = true, ShowStderr = true };
        // The engine's own notation: seconds and nanoseconds since the epoch.
        if (lastWrite > DateTime.UnixEpoch) parameters.Since = UnixTime(lastWrite);
        MultiplexedStream output;
        try
        {
            output = await client.Containers.GetContainerLogsAsync(id, parameters, cancellationToken);
        }
        catch (DockerApiException)
        {
            // A log driver the engine cannot read back: what the container writes from now on.
            output = await client.Containers.AttachContainerAsync(id, new ContainerAttachParameters { Stream = true, Stdout = true, Stderr = true }, cancellationToken);
        }
        return CopyOutput(output, sandbox);
    }

    private static string UnixTime(DateTime utc)
    {
        var ticks = (utc - DateTime.UnixEpoch).Ticks;
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{ticks / TimeSpan.TicksPerSecond}.{ticks % TimeSpan.TicksPerSecond * 100:D9}");
    }

    public void Kill(TimeSpan? gracePeriod)
    {
        if (Exited.IsCompleted) return;
        var grace = gracePeriod ?? _stopTimeout;
        // The engine sends the image's stop signal (SIGTERM), and SIGKILL after the grace, in whole seconds.
        var stopping = grace <= TimeSpan.Zero
            ? _client.Containers.KillContainerAsync(_id, new ContainerKillParameters { Signal = "SIGKILL" }, CancellationToken.None)
            : _client.Containers.StopContainerAsync(_id, new ContainerStopParameters { WaitBeforeKillSeconds = (uint)Math.Ceiling(grace.TotalSeconds) }, CancellationToken.None);
        // A container that ended meanwhile cannot be stopped; its end is reported through Exited.
        stopping.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    public async Task<ResourceStatistics> UsageAsync(CancellationToken cancellationToken = default)
    {
        var read = new LastReport();
        try
        {
            await _client.Containers.GetContainerStatsAsync(_id,
                new ContainerStatsParameters { Stream = false, OneShot = _apiVersion >= new Version(1, 41) ? true : null }, read, cancellationToken);
        }
        catch (Exception e) when (e is DockerApiException or HttpRequestException)
        {
            throw new IOException($"Failed to read the usage of container {_name}: {e.Message}", e);
        }
        var stats = read.Stats ?? throw new IOException($"The Docker engine gave no statistics for container {_name}");
        var usage = new ResourceStatistics { Timestamp = new DateTimeOffset(stats.Read.ToUniversalTime()).ToUnixTimeMilliseconds() / 1000.0 };
        if (stats.CPUStats?.CPUUsage is { } cpu)
        {
            usage.CpusUserTimeSecs = cpu.UsageInUsermode / 1e9;
            usage.CpusSystemTimeSecs = cpu.UsageInKernelmode / 1e9;
        }
        if (stats.CPUStats?.ThrottlingData is { } throttling)
        {
            usage.CpusNrPeriods = (uint)throttling.Periods;
            usage.CpusNrThrottled = (uint)throttling.ThrottledPeriods;
            usage.CpusThrottledTimeSecs = throttling.ThrottledTime / 1e9;
        }
        if (stats.MemoryStats is { } memory)
        {
            if (memory.Usage is { } total) usage.MemTotalBytes = total;
            // cgroups v1 names resident memory rss, v2 anon.
            if (memory.Stats is { } detail)
            {
                if ((detail.TryGetValue("total_rss", out var rss) || detail.TryGetValue("rss", out rss) || detail.TryGetValue("anon", out rss))) usage.MemRssBytes = rss;
                if (detail.TryGetValue("total_cache", out var cache) || detail.TryGetValue("cache", out cache) || detail.TryGetValue("file", out cache)) usage.MemCacheBytes = cache;
            }
        }
        if (stats.PidsStats?.Current is { } threads) usage.Threads = (uint)threads;
        if (_cpus > 0) usage.CpusLimit = _cpus;
        if (_mem > 0) usage.MemLimitBytes = (ulong)(_mem * 1024 * 1024);
        return usage;
    }

    private async Task<ContainerTermination> WaitAsync(Task logs)
    {
        var waited = await _client.Containers.WaitContainerAsync(_id, CancellationToken.None);
        try
        {
            await logs;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or HttpRequestException)
        {
            // Output cut short by the engine still leaves the exit code to report.
        }
        var inspected = await _client.Containers.InspectContainerAsync(_id, CancellationToken.None);
        await _watch.CancelAsync();
        _watch.Dispose();
        await Remove(_client, _id);
        return Termination((int)waited.StatusCode, _outOfMemory || inspected.State?.OOMKilled == true, _mem, _name);
    }

    private static ContainerTermination Termination(int exitCode, bool outOfMemory, double mem, string name)
    {
        var termination = ContainerTermination.Exit(exitCode);
        return outOfMemory
            ? termination with
            {
                Limitation = ContainerLimitation.Memory($"Memory limit exceeded: Requested: {(long)mem}MB; the kernel killed a process of container {name} for memory"),
            }
            : termination;
    }

    // As Mesos' memory isolator: the kernel killing a process of the container for memory ends the whole container.
    private void WatchOutOfMemory(string since)
    {
        var filters = new Dictionary<string, IDictionary<string, bool>>
        {
            ["container"] = new Dictionary<string, bool> { [_id] = true },
            ["event"] = new Dictionary<string, bool> { ["oom"] = true },
        };
        var oom = new OnEvent(() =>
        {
            _outOfMemory = true;
            Kill(TimeSpan.Zero);
        });
        _client.System.MonitorEventsAsync(new ContainerEventsParameters { Since = since, Filters = filters }, oom, _watch.Token)
            .ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    private sealed class OnEvent(Action action) : IProgress<Message>
    {
        public void Report(Message value) => action();
    }

    // The files are opened through the sandbox's handle, never by a path a task could have replaced with a link,
    // and before the start, so that a refusal fails the launch.
    private static Task CopyOutput(MultiplexedStream output, ContainerLaunch launch)
    {
        using var sandbox = SandboxDirectory.Open(launch.WorkDirectory, launch.SandboxDirectory, create: false);
        return CopyOutput(output, sandbox);
    }

    private static Task CopyOutput(MultiplexedStream output, Microsoft.Win32.SafeHandles.SafeFileHandle sandbox)
    {
        var stdout = new FileStream(SandboxDirectory.AppendFile(sandbox, "stdout"), FileAccess.Write);
        try
        {
            return Copy(output, stdout, new FileStream(SandboxDirectory.AppendFile(sandbox, "stderr"), FileAccess.Write));
        }
        catch
        {
            stdout.Dispose();
            throw;
        }
    }

    private static async Task Copy(MultiplexedStream output, FileStream stdout, FileStream stderr)
    {
        using (output)
        await using (stdout)
        await using (stderr)
        {
            await output.CopyOutputToAsync(Stream.Null, stdout, stderr, CancellationToken.None);
        }
    }

    /// <summary>Keeps the one report a non-streaming stats call makes, as it is made (Progress&lt;T&gt; would post it later).</summary>
    private sealed class LastReport : IProgress<ContainerStatsResponse>
    {
        public ContainerStatsResponse? Stats { get; private set; }

        public void Report(ContainerStatsResponse value) => Stats = value;
    }

    private static async Task Remove(DockerClient client, string id)
    {
        try
        {
            await client.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true }, CancellationToken.None);
        }
        catch (DockerApiException)
        {
            // Gone already.
        }
    }
}
