namespace Mesos.Host.Tests.Cli;

public sealed class MesosCommandTests
{
    [Fact]
    public async Task Version_prints_the_version_and_exits_zero()
    {
        var (exit, stdout, _) = await MesosProcess.RunAsync("--version");
        exit.Should().Be(0);
        stdout.Trim().Should().MatchRegex(@"^\d+\.\d+\.\d+");
    }

    [Fact]
    public async Task Help_describes_the_command_and_exits_zero()
    {
        var (exit, stdout, _) = await MesosProcess.RunAsync("--help");
        exit.Should().Be(0);
        stdout.Should().Contain("Usage:").And.Contain("mesos").And.Contain("--version");
    }

    [Fact]
    public async Task An_unknown_argument_is_an_error_with_a_message()
    {
        var (exit, _, stderr) = await MesosProcess.RunAsync("--no-such-flag");
        exit.Should().NotBe(0);
        stderr.Should().Contain("--no-such-flag");
    }

    [Theory]
    [InlineData("master", "--port=http", "port")]
    [InlineData("master", "--agent_ping_timeout=soon", "agent_ping_timeout")]
    [InlineData("master", "--min_allocatable_resources=cpus:x", "min_allocatable_resources: Bad resource quantity 'cpus:x'")]
    [InlineData("master", "--allocator_agent_recovery_factor=2", "allocator_agent_recovery_factor must be between 0 and 1")]
    [InlineData("agent", "--work_dir=/tmp/x", "--master is required")]
    public async Task Bad_flags_stop_the_process_with_a_message(string command, string flag, string message)
    {
        var (exit, _, stderr) = await MesosProcess.RunAsync(command, flag);
        exit.Should().NotBe(0);
        stderr.Should().Contain(message);
    }
}
