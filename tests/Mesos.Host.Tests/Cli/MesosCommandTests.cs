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

    [Theory]
    [InlineData("--containerizers=mesos,rkt", "Unknown or unsupported containerizer 'rkt' in --containerizers")]
    [InlineData("--isolation=cgroups/cpu,gpu/nvidia", "Unknown or unsupported isolator 'gpu/nvidia' in --isolation")]
    [InlineData("--fetcher_cache_size=lots", "--fetcher_cache_size 'lots' is not a size such as 2GB or 512MB")]
    public async Task An_agent_asked_for_containers_it_cannot_run_stops_with_a_message(string flag, string message)
    {
        var workDir = Path.Combine(Path.GetTempPath(), "mesos-agent-flags-" + Guid.NewGuid().ToString("N"));

        var (exit, _, stderr) = await MesosProcess.RunAsync("agent", "--master=127.0.0.1:1", $"--work_dir={workDir}", flag);

        exit.Should().NotBe(0);
        stderr.Should().Contain(message).And.NotContain("   at ");
    }

    [Fact]
    public async Task An_agent_without_any_flag_asks_for_its_master()
    {
        // No flag, no variable, no file: the settings are reference.conf's alone.
        var (exit, _, stderr) = await MesosProcess.RunAsync("agent");

        exit.Should().NotBe(0);
        stderr.Should().Contain("--master is required");
    }

    [Theory]
    [InlineData("master", "mesos.master {\n  port = 6000\n", "line 1: '{' is never closed")]
    [InlineData("agent", "mesos.agent.master = ${?MASTER}", "line 1: optional substitutions (${?...}) are not supported")]
    [InlineData("local", "mesos.local.num-agents = ", "'mesos.local.num-agents' has no value")]
    public async Task A_config_file_that_cannot_be_read_stops_the_process_with_the_file_and_the_reason(string command, string text, string reason)
    {
        var file = Path.Combine(Path.GetTempPath(), $"mesos-{Guid.NewGuid():N}.conf");
        await File.WriteAllTextAsync(file, text);
        try
        {
            var (exit, _, stderr) = await MesosProcess.RunAsync(command, $"--config={file}");

            exit.Should().NotBe(0);
            stderr.Should().Contain($"Failed to load --config={file}: ").And.Contain(reason).And.NotContain("   at ");
        }
        finally
        {
            File.Delete(file);
        }
    }
}
