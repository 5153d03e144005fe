using Mesos.Actors.Containerizer;
using Mesos.Actors.Containerizer.Cgroups;

namespace Mesos.Actors.Tests.Containerizer.Cgroups;

/// <summary>
/// What the cgroups v2 code writes for the cpu, memory and pids controllers, checked against a directory
/// laid out as a cgroup2 file system (this machine's kernel keeps those controllers on v1).
/// </summary>
public sealed class CgroupV2FilesTests : IDisposable
{
    private readonly TemporaryDirectory _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public void Limits_and_controllers_are_written_as_cgroups_v2_names_them()
    {
        var settings = new ContainerizerSettings
        {
            Isolation = Isolation.Parse("cgroups/cpu,cgroups/mem,cgroups/pids"),
            CgroupsEnableCfs = true,
            CgroupsMaxPids = 100,
        };
        var limits = CgroupLimits.For([.. Mesos.Actors.Protocol.Resources.Parse("cpus:1.5;mem:256").ToProtos()], settings);

        var cgroup = new CgroupV2(_root.Path, "mesos/c1", ["cpu", "memory", "pids"], limits);

        Read("cgroup.subtree_control").Should().Be("+cpu +memory +pids");
        Read("mesos/cgroup.subtree_control").Should().Be("+cpu +memory +pids");
        Read("mesos/c1/cpu.weight").Should().Be("150");
        Read("mesos/c1/cpu.max").Should().Be("150000 100000");
        Read("mesos/c1/memory.max").Should().Be((256L << 20).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Read("mesos/c1/pids.max").Should().Be("100");
        cgroup.ProcsFiles.Should().Equal(Path.Combine(_root.Path, "mesos/c1/cgroup.procs"));
    }

    [Fact]
    public void Usage_and_out_of_memory_kills_are_read_from_the_v2_files()
    {
        var settings = new ContainerizerSettings { Isolation = Isolation.Parse("cgroups/cpu,cgroups/mem") };
        var limits = CgroupLimits.For([.. Mesos.Actors.Protocol.Resources.Parse("cpus:1;mem:64").ToProtos()], settings);
        var cgroup = new CgroupV2(_root.Path, "mesos/c1", ["cpu", "memory"], limits);
        Write("mesos/c1/cpu.stat", "usage_usec 3500000\nuser_usec 2500000\nsystem_usec 1000000\nnr_periods 40\nnr_throttled 7\nthrottled_usec 900000\n");
        Write("mesos/c1/memory.current", "9000000\n");
        Write("mesos/c1/memory.stat", "anon 4096000\nfile 1024000\n");
        Write("mesos/c1/memory.events", "low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n");
        Write("mesos/c1/cgroup.procs", "12\n13\n");
        Write("mesos/c1/cgroup.threads", "12\n13\n14\n");

        var usage = cgroup.Usage();

        usage.CpusUserTimeSecs.Should().Be(2.5);
        usage.CpusSystemTimeSecs.Should().Be(1.0);
        usage.CpusNrPeriods.Should().Be(40);
        usage.CpusNrThrottled.Should().Be(7);
        usage.CpusThrottledTimeSecs.Should().Be(0.9);
        usage.MemTotalBytes.Should().Be(9000000);
        usage.MemRssBytes.Should().Be(4096000);
        usage.MemCacheBytes.Should().Be(1024000);
        usage.Processes.Should().Be(2);
        usage.Threads.Should().Be(3);
        cgroup.OomKills().Should().Be(1);
    }

    private string Read(string file) => File.ReadAllText(Path.Combine(_root.Path, file));

    private void Write(string file, string text) => File.WriteAllText(Path.Combine(_root.Path, file), text);
}
