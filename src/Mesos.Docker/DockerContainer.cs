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
/// kernel killed it for memory, a memory limitation; then it is removed.
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

    private DockerContainer(DockerClient client, string id, ContainerLaunch launch, TimeSpan stopTimeout, Version apiVersion, int pid, string? ip, Task logs,
        string since)
    {
        _client = client;
        _id = id;
        _name = DockerRun.ContainerName(launch.ContainerId);
        _stopTimeout = stopTimeout;
        _apiVersion = apiVersion;
        var resources = Resources.FromProtos(launch.Resources);
        _cpus = resources.Scalar("cpus");
        _mem = resources.Scalar("mem");
        ContainerId = launch.ContainerId;
        Pid = pid;
        IpAddress = ip;
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
        string? ip = null;
        if (inspected.NetworkSettings?.Networks is { } networks && inspected.HostConfig?.NetworkMode is not ("host" or "none"))
        {
            ip = networks.Values.Select(n => n.IPAddress).FirstOrDefault(a => !string.IsNullOrEmpty(a));
        }
        return new DockerContainer(client, id, launch, stopTimeout, apiVersion, (int)(inspected.State?.Pid ?? 0), ip, logs, since);
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
        var termination = ContainerTermination.Exit((int)waited.StatusCode);
        return _outOfMemory || inspected.State?.OOMKilled == true
            ? termination with
            {
                Limitation = ContainerLimitation.Memory($"Memory limit exceeded: Requested: {(long)_mem}MB; the kernel killed a process of container {_name} for memory"),
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
