using Akka.Configuration;
using Akka.Event;
using Akka.TestKit;
using Mesos.Actors.Containerizer;
using CommandInfo = Mesos.V1.CommandInfo;

namespace Mesos.Actors.Tests.Containerizer;

/// <summary>
/// The exit recorder a container that outlives its agent runs under, with real processes: what it writes is how the
/// command ended, an exit status above 128 told from a signal, even when the whole process group is killed.
/// </summary>
public sealed class ExitRecordTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private readonly TemporaryDirectory _sandbox = new();
    private readonly MesosContainerizer _containerizer = new(new TestScheduler(ConfigurationFactory.Empty, NoLogger.Instance));

    private string File => Path.Combine(_sandbox.Path, "exit_status");

    public void Dispose() => _sandbox.Dispose();

    [Theory]
    [InlineData("exit 0", "exit 0")]
    [InlineData("exit 3", "exit 3")]
    [InlineData("signal 9", "signal 9")]
    [InlineData("130", "signal 2")]
    [InlineData("3", "exit 3")]
    public void What_a_recorder_wrote_reads_back_as_an_exit_status_or_a_signal(string written, string expected)
    {
        var termination = ExitRecord.Parse(written);

        (termination.ExitStatus is { } status ? $"exit {status}" : $"signal {termination.Signal}").Should().Be(expected);
    }

    [Theory]
    [InlineData("")]
    [InlineData("exit")]
    [InlineData("exit 256")]
    [InlineData("signal 0")]
    [InlineData("killed 9")]
    [InlineData("exit -1")]
    public void Anything_else_reads_as_an_unknown_end(string written) =>
        ExitRecord.Parse(written).Should().Be(ContainerTermination.Unknown);

    [Theory]
    [InlineData(129)]
    [InlineData(130)]
    [InlineData(137)]
    [InlineData(159)]
    public async Task An_exit_status_above_128_is_recorded_as_that_status_not_as_a_signal(int status)
    {
        var container = await Launch($"exit {status}");

        (await container.Exited.WaitAsync(Deadline)).Should().Be(ContainerTermination.Exit(status), "the recorder ends as its command did");
        ExitRecord.Read(File).Should().Be(ContainerTermination.Exit(status));
    }

    [Fact]
    public async Task A_command_killed_by_a_signal_is_recorded_as_killed_by_it()
    {
        var container = await Launch("kill -USR1 $$");

        (await container.Exited.WaitAsync(Deadline)).Should().Be(ContainerTermination.KilledBy(10));
        ExitRecord.Read(File).Should().Be(ContainerTermination.KilledBy(10));
    }

    [Fact]
    public async Task A_SIGKILL_of_the_containers_whole_process_group_still_leaves_the_record()
    {
        var container = await Launch("echo $$ > command.pid; sleep 60");
        var command = ProcessTable.ReadPid(Path.Combine(_sandbox.Path, "command.pid"), Deadline);

        // As an operator's kill -9 -<pid> while no agent runs: the group is the command's, not the recorder's.
        Libc.kill(-container.Pid, Libc.SIGKILL).Should().Be(0);

        ProcessTable.AwaitGone(command, Deadline);
        (await container.Exited.WaitAsync(Deadline)).Should().Be(ContainerTermination.KilledBy(9));
        ExitRecord.Read(File).Should().Be(ContainerTermination.KilledBy(9));
    }

    [Fact]
    public async Task The_recorder_survives_a_SIGTERM_of_its_own_and_the_command_runs_on()
    {
        var container = await Launch("echo $$ > command.pid; while [ ! -e release ]; do sleep 0.1; done; exit 4");
        ProcessTable.ReadPid(Path.Combine(_sandbox.Path, "command.pid"), Deadline);

        Libc.kill(container.Pid, Libc.SIGTERM).Should().Be(0);
        await System.IO.File.WriteAllTextAsync(Path.Combine(_sandbox.Path, "release"), "");

        (await container.Exited.WaitAsync(Deadline)).Should().Be(ContainerTermination.Exit(4));
    }

    [Fact]
    public async Task A_container_found_again_by_its_pid_ends_as_its_recorder_wrote()
    {
        var launched = await Launch("while [ ! -e release ]; do sleep 0.1; done; exit 130");
        var found = await _containerizer.RecoverAsync(new ContainerRecovery("container-1", ProcessIdentity.Of(launched.Pid), File, []));

        found.Exited.IsCompleted.Should().BeFalse("it runs");
        await System.IO.File.WriteAllTextAsync(Path.Combine(_sandbox.Path, "release"), "");

        (await found.Exited.WaitAsync(Deadline)).Should().Be(ContainerTermination.Exit(130), "a process that is not the agent's child ends as its recorder says");
        await launched.Exited.WaitAsync(Deadline);
    }

    private Task<IContainer> Launch(string shell) =>
        _containerizer.LaunchAsync(new ContainerLaunch("container-1", _sandbox.Path, _sandbox.Path, new CommandInfo { Shell = true, Value = shell },
            new Dictionary<string, string>(), [], ExitStatusFile: File));
}
