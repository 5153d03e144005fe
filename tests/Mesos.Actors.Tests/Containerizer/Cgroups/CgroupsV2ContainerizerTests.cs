using Mesos.Actors.Containerizer;

namespace Mesos.Actors.Tests.Containerizer.Cgroups;

/// <summary>
/// The Mesos containerizer on a cgroup2 hierarchy of this machine's kernel: the unified hierarchy mounted
/// at /sys/fs/cgroup/unified beside the v1 ones. Its controllers are bound to v1 here, so these tests
/// cover what v2 does without them (joining, usage from cpu.stat, cgroup.kill, removal); what the
/// controllers write is covered by <see cref="CgroupV2FilesTests"/>.
/// </summary>
public sealed class CgroupsV2ContainerizerTests
{
    private const string Unified = "/sys/fs/cgroup/unified";
    private static readonly TimeSpan Deadline = CgroupsFixture.Deadline;

    [Fact]
    public void The_hierarchy_is_detected_as_cgroups_v2()
    {
        using var fixture = new CgroupsFixture("posix/cpu,posix/mem", hierarchy: Unified);
        fixture.Hierarchy.Version.Should().Be(2);
    }

    [Fact]
    public async Task The_task_runs_in_its_own_cgroup_and_a_kill_leaves_no_process_and_no_cgroup()
    {
        using var fixture = new CgroupsFixture("posix/cpu,posix/mem", hierarchy: Unified);
        var container = await fixture.Launch(
            "grep '^0::' /proc/self/cgroup > cgroup; setsid sh -c 'sleep 300 & echo $! > escaped.pid; wait' & sleep 300");
        var escaped = ProcessTable.ReadPid(fixture.SandboxFile("escaped.pid"), Deadline);

        File.ReadAllText(fixture.SandboxFile("cgroup")).Trim().Should().Be($"0::/{fixture.Settings.CgroupsRoot}/c1");
        fixture.CgroupDirectories().Should().ContainSingle();

        container.Kill(TimeSpan.Zero);
        await container.Exited.WaitAsync(Deadline);

        ProcessTable.IsRunning(escaped).Should().BeFalse();
        ProcessTable.IsRunning(container.Pid).Should().BeFalse();
        fixture.CgroupDirectories().Should().BeEmpty();
    }

    [Fact]
    public async Task Cpu_times_and_processes_are_read_from_the_cgroup()
    {
        using var fixture = new CgroupsFixture("posix/cpu,posix/mem", hierarchy: Unified);
        var container = await fixture.Launch("i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done; echo done > ready; sleep 300");
        ProcessTable.AwaitFile(fixture.SandboxFile("ready"), Deadline);

        var usage = await container.UsageAsync();

        (usage.CpusUserTimeSecs + usage.CpusSystemTimeSecs).Should().BePositive();
        usage.Processes.Should().Be(2, "the shell and its sleep");
        usage.MemRssBytes.Should().BePositive("posix/mem reads resident memory from /proc without cgroups/mem");
        container.Kill(TimeSpan.Zero);
        await container.Exited.WaitAsync(Deadline);
    }
}
