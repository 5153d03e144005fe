using Akka.Configuration;
using Akka.Event;
using Akka.TestKit;
using Mesos.Actors.Containerizer;
using CommandInfo = Mesos.V1.CommandInfo;

namespace Mesos.Actors.Tests.Containerizer;

public sealed class MesosContainerizerPosixTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private readonly TemporaryDirectory _sandbox = new();
    // The SIGKILL escalation runs on virtual time: a test moves it on by hand.
    private readonly TestScheduler _clock = new(ConfigurationFactory.Empty, NoLogger.Instance);
    private readonly MesosContainerizer _containerizer;

    public MesosContainerizerPosixTests() => _containerizer = new MesosContainerizer(_clock);

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task A_shell_command_reports_its_exit_status_and_leaves_its_output_in_the_sandbox()
    {
        var container = await Launch(Shell("echo hello; echo oops >&2; exit 3"));

        var termination = await container.Exited.WaitAsync(Deadline);

        termination.Should().Be(ContainerTermination.Exit(3));
        termination.Describe().Should().Be("exited with status 3");
        File.ReadAllText(Path.Combine(_sandbox.Path, "stdout")).Should().Be("hello\n");
        File.ReadAllText(Path.Combine(_sandbox.Path, "stderr")).Should().Be("oops\n");
    }

    [Fact]
    public async Task A_command_without_shell_runs_its_arguments_as_argv()
    {
        var command = new CommandInfo { Shell = false, Value = "/bin/echo", Arguments = { "echo", "one  two", "$HOME" } };
        var container = await Launch(command);

        (await container.Exited.WaitAsync(Deadline)).Succeeded.Should().BeTrue();
        File.ReadAllText(Path.Combine(_sandbox.Path, "stdout")).Should().Be("one  two $HOME\n");
    }

    [Fact]
    public async Task The_command_runs_in_the_sandbox_with_the_given_environment_over_the_agents()
    {
        var container = await Launch(Shell("pwd; echo \"$GREETING\"; test -n \"$PATH\" && echo path"),
            new Dictionary<string, string> { ["GREETING"] = "hi there" });

        await container.Exited.WaitAsync(Deadline);
        File.ReadAllLines(Path.Combine(_sandbox.Path, "stdout")).Should().Equal(_sandbox.Path, "hi there", "path");
    }

    [Fact]
    public async Task Kill_terminates_the_whole_process_tree()
    {
        var container = await Launch(Shell("sleep 60 & echo $! > child.pid; sleep 60"));
        var child = ProcessTable.ReadPid(Path.Combine(_sandbox.Path, "child.pid"), Deadline);

        container.Kill(TimeSpan.FromSeconds(5));

        var termination = await container.Exited.WaitAsync(Deadline);
        termination.Should().Be(ContainerTermination.KilledBy(Libc.SIGTERM));
        termination.Describe().Should().Be("terminated with signal SIGTERM");
        ProcessTable.IsRunning(container.Pid).Should().BeFalse();
        ProcessTable.AwaitGone(child, Deadline);
    }

    [Fact]
    public async Task A_process_that_ignores_SIGTERM_is_killed_after_the_grace_period()
    {
        var container = await Launch(Shell("trap '' TERM; echo ready > ready; while :; do sleep 0.05; done"));
        ProcessTable.AwaitFile(Path.Combine(_sandbox.Path, "ready"), Deadline);

        container.Kill(TimeSpan.FromMilliseconds(200));
        _clock.Advance(TimeSpan.FromMilliseconds(200));

        (await container.Exited.WaitAsync(Deadline)).Should().Be(ContainerTermination.KilledBy(Libc.SIGKILL));
    }

    [Fact]
    public async Task Processes_left_behind_by_a_finished_command_are_killed_with_it()
    {
        var container = await Launch(Shell("sleep 60 & echo $! > child.pid"));

        (await container.Exited.WaitAsync(Deadline)).Succeeded.Should().BeTrue();
        ProcessTable.AwaitGone(ProcessTable.ReadPid(Path.Combine(_sandbox.Path, "child.pid"), Deadline), Deadline);
    }

    [Fact]
    public async Task A_missing_executable_fails_the_launch()
    {
        var launch = _containerizer.LaunchAsync(Spec(new CommandInfo { Shell = false, Value = "/nonexistent/program" }));

        var failure = await launch.Invoking(async l => await l).Should().ThrowAsync<Exception>();
        failure.Which.Message.Should().Contain("/nonexistent/program");
    }

    [Fact]
    public async Task A_link_planted_as_stdout_is_refused_and_nothing_is_written_where_it_points()
    {
        using var outside = new TemporaryDirectory();
        var target = Path.Combine(outside.Path, "owned");
        File.CreateSymbolicLink(Path.Combine(_sandbox.Path, "stdout"), target);

        var failure = await _containerizer.Invoking(c => c.LaunchAsync(Spec(Shell("echo escaped")))).Should().ThrowAsync<IOException>();

        failure.Which.Message.Should().Contain("symbolic link");
        File.Exists(target).Should().BeFalse();
    }

    [Fact]
    public async Task Switching_users_runs_the_container_as_the_user_it_names_with_its_sandbox_and_output_given_to_that_user()
    {
        var switching = new MesosContainerizer(_clock, new ContainerizerSettings(), null);

        var container = await switching.LaunchAsync(Spec(Shell("id -un; echo mine > written")) with { User = "nobody" });

        (await container.Exited.WaitAsync(Deadline)).Succeeded.Should().BeTrue(File.ReadAllText(Path.Combine(_sandbox.Path, "stderr")));
        File.ReadAllText(Path.Combine(_sandbox.Path, "stdout")).Should().Be("nobody\n");
        File.ReadAllText(Path.Combine(_sandbox.Path, "written")).Should().Be("mine\n");
    }

    [Fact]
    public async Task Without_switching_the_container_runs_as_the_agents_user_whatever_user_it_names()
    {
        var container = await _containerizer.LaunchAsync(Spec(Shell("id -u")) with { User = "nobody" });

        await container.Exited.WaitAsync(Deadline);
        File.ReadAllText(Path.Combine(_sandbox.Path, "stdout")).Should().Be($"{Libc.geteuid()}\n");
    }

    [Fact]
    public async Task A_user_the_machine_does_not_know_fails_the_launch_saying_so()
    {
        var switching = new MesosContainerizer(_clock, new ContainerizerSettings(), null);

        var launch = () => switching.LaunchAsync(Spec(Shell("true")) with { User = "no-such-user-here" });

        (await launch.Should().ThrowAsync<IOException>()).Which.Message.Should().Be("Failed to find user 'no-such-user-here'");
    }

    private static CommandInfo Shell(string value) => new() { Shell = true, Value = value };

    private Task<IContainer> Launch(CommandInfo command, IReadOnlyDictionary<string, string>? environment = null) =>
        _containerizer.LaunchAsync(Spec(command, environment));

    private ContainerLaunch Spec(CommandInfo command, IReadOnlyDictionary<string, string>? environment = null) =>
        new("container-1", _sandbox.Path, _sandbox.Path, command, environment ?? new Dictionary<string, string>(), []);
}
