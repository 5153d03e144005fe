using Mesos.Actors.Containerizer;
using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.Actors.Tests.Containerizer.Cgroups;

/// <summary>The Mesos containerizer with cgroups isolators on this machine's kernel (cgroups v1 hierarchies under /sys/fs/cgroup).</summary>
public sealed class CgroupsV1ContainerizerTests
{
    private static readonly TimeSpan Deadline = CgroupsFixture.Deadline;

    [Fact]
    public async Task A_task_that_allocates_beyond_its_memory_is_ended_with_the_memory_limitation()
    {
        using var fixture = new CgroupsFixture("cgroups/cpu,cgroups/mem");
        // dd's 200 MB buffer is written as it reads /dev/zero: far over the 64 MB limit.
        var container = await fixture.Launch("dd if=/dev/zero of=/dev/null bs=200M count=1; sleep 60", "cpus:0.5;mem:64");

        var termination = await container.Exited.WaitAsync(Deadline);

        termination.Limitation.Should().NotBeNull();
        termination.Limitation!.Reason.Should().Be(TaskStatus.Types.Reason.ContainerLimitationMemory);
        termination.Limitation.Message.Should().StartWith("Memory limit exceeded: Requested: 64MB Maximum Used: ");
        termination.Succeeded.Should().BeFalse();
        fixture.CgroupDirectories().Should().BeEmpty("the container's cgroups are removed once it ended");
    }

    [Fact]
    public async Task A_task_within_its_memory_finishes_without_a_limitation()
    {
        using var fixture = new CgroupsFixture("cgroups/cpu,cgroups/mem");
        var container = await fixture.Launch("dd if=/dev/zero of=/dev/null bs=8M count=1", "cpus:0.5;mem:64");

        var termination = await container.Exited.WaitAsync(Deadline);

        termination.Should().Be(ContainerTermination.Exit(0));
        termination.Limitation.Should().BeNull();
    }

    [Fact]
    public async Task A_cpu_bound_task_with_cpus_0_2_under_a_CFS_quota_uses_about_a_fifth_of_a_core()
    {
        using var fixture = new CgroupsFixture("cgroups/cpu,cgroups/mem", enableCfs: true);
        var container = await fixture.Launch("while :; do :; done", "cpus:0.2;mem:32");
        var start = await container.UsageAsync();

        // The kernel counts a CFS period for every 100 ms the task wanted to run: 30 periods are 3 s of it.
        var end = start;
        await Until(async () => (end = await container.UsageAsync()).CpusNrPeriods >= start.CpusNrPeriods + 30);
        container.Kill(TimeSpan.Zero);
        await container.Exited.WaitAsync(Deadline);

        var used = end.CpusUserTimeSecs + end.CpusSystemTimeSecs - start.CpusUserTimeSecs - start.CpusSystemTimeSecs;
        var elapsed = (end.CpusNrPeriods - start.CpusNrPeriods) * 0.1;
        (used / elapsed).Should().BeInRange(0.12, 0.24, "cpus 0.2 is a quota of 20 ms of every 100 ms");
        end.CpusNrThrottled.Should().BeGreaterThan(start.CpusNrThrottled, "a busy loop over its quota is throttled");
        end.CpusLimit.Should().Be(0.2);
    }

    [Fact]
    public async Task A_killed_task_that_forked_children_leaves_no_process_even_one_that_left_its_session()
    {
        using var fixture = new CgroupsFixture("cgroups/cpu,cgroups/mem");
        var container = await fixture.Launch(
            "sleep 300 & echo $! > child.pid; setsid sh -c 'sleep 300 & echo $! > escaped.pid; wait' & sleep 300");
        var child = ProcessTable.ReadPid(fixture.SandboxFile("child.pid"), Deadline);
        var escaped = ProcessTable.ReadPid(fixture.SandboxFile("escaped.pid"), Deadline);

        container.Kill(TimeSpan.FromSeconds(10));
        fixture.Clock.Advance(TimeSpan.FromSeconds(10));
        await container.Exited.WaitAsync(Deadline);

        foreach (var pid in new[] { container.Pid, child, escaped }) ProcessTable.IsRunning(pid).Should().BeFalse($"process {pid} was in the container");
        fixture.CgroupDirectories().Should().BeEmpty();
    }

    [Fact]
    public async Task The_first_process_ending_takes_what_it_left_behind_with_it()
    {
        using var fixture = new CgroupsFixture("cgroups/mem");
        var container = await fixture.Launch("setsid sleep 300 & echo $! > left.pid; exit 0");

        (await container.Exited.WaitAsync(Deadline)).Should().Be(ContainerTermination.Exit(0));

        ProcessTable.IsRunning(ProcessTable.ReadPid(fixture.SandboxFile("left.pid"), Deadline)).Should().BeFalse();
        fixture.CgroupDirectories().Should().BeEmpty();
    }

    [Fact]
    public async Task Usage_comes_from_the_cgroup_with_the_containers_limits()
    {
        using var fixture = new CgroupsFixture("cgroups/cpu,cgroups/mem,cgroups/pids");
        var container = await fixture.Launch("sleep 300 & sleep 300 & echo ready > ready; wait", "cpus:0.5;mem:64");
        ProcessTable.AwaitFile(fixture.SandboxFile("ready"), Deadline);

        var usage = await container.UsageAsync();

        usage.Processes.Should().Be(3);
        usage.Threads.Should().Be(3);
        usage.CpusLimit.Should().Be(0.5);
        usage.MemLimitBytes.Should().Be(64UL << 20);
        usage.MemTotalBytes.Should().BePositive();
        container.Kill(TimeSpan.Zero);
        await container.Exited.WaitAsync(Deadline);
    }

    [Fact]
    public async Task A_container_cannot_fork_beyond_its_pids_limit()
    {
        using var fixture = new CgroupsFixture("cgroups/pids", maxPids: 4);
        // Without the limit this would wait for its sleeps; with it, the shell's fifth fork fails and it gives up.
        var container = await fixture.Launch("for i in 1 2 3 4 5 6 7 8; do sleep 300 & done; wait");

        (await container.Exited.WaitAsync(Deadline)).Should().Be(ContainerTermination.Exit(2));

        File.ReadAllText(fixture.SandboxFile("stderr")).Should().Contain("fork");
        fixture.CgroupDirectories().Should().BeEmpty();
    }

    [Fact]
    public async Task With_namespaces_pid_the_task_is_pid_1_of_its_own_namespace()
    {
        using var fixture = new CgroupsFixture("cgroups/mem,namespaces/pid");
        var container = await fixture.Launch("echo $$; ls /proc | grep -c '^[0-9]'");

        (await container.Exited.WaitAsync(Deadline)).Should().Be(ContainerTermination.Exit(0));

        var lines = File.ReadAllLines(fixture.SandboxFile("stdout"));
        lines.Should().HaveCount(2);
        lines[0].Should().Be("1");
        // The shell and its pipeline's two processes, the second of which may not have started when `ls` reads /proc;
        // never the host's.
        int.Parse(lines[1], System.Globalization.CultureInfo.InvariantCulture).Should().BeInRange(2, 3);
    }

    private static async Task Until(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Not reached within {Deadline}");
            await Task.Yield();
        }
    }
}
