extern alias testkit;

using System.Formats.Tar;
using System.IO.Compression;
using testkit::Mesos.TestKit.Http;

namespace Mesos.Host.Tests.Cli;

/// <summary>`mesos execute` as a user runs it, against master and agent processes.</summary>
public sealed class ExecuteCommandTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    private Task<(int ExitCode, string StdOut, string StdErr)> Execute(params string[] flags) =>
        MesosProcess.RunAsync(["execute", $"--master={cluster.Master}", .. flags]);

    [Fact]
    public async Task A_finished_task_prints_each_state_as_mesos_execute_and_exits_zero()
    {
        var (exit, stdout, stderr) = await Execute("--name=whizbang", "--command=true");

        exit.Should().Be(0, stderr);
        stdout.Should().MatchRegex(
            """
            ^Subscribed with ID [0-9a-f-]{36}-\d{4}
            Submitted task 'whizbang' to agent '[0-9a-f-]{36}-S\d+'
            Received status update TASK_STARTING for task 'whizbang'
              source: SOURCE_EXECUTOR
            Received status update TASK_RUNNING for task 'whizbang'
              source: SOURCE_EXECUTOR
            Received status update TASK_FINISHED for task 'whizbang'
              message: 'Command exited with status 0'
              source: SOURCE_EXECUTOR
            $
            """.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task A_failing_command_prints_TASK_FAILED_with_its_exit_status_and_exits_non_zero()
    {
        var (exit, stdout, _) = await Execute("--name=fails", "--command=echo hello; exit 3");

        exit.Should().NotBe(0);
        stdout.Should().Contain("Received status update TASK_FAILED for task 'fails'\n  message: 'Command exited with status 3'\n");
    }

    [Fact]
    public async Task The_command_sees_the_variables_of_env()
    {
        var (exit, stdout, stderr) = await Execute("--name=env", "--command=test \"$GREETING\" = 'hello world'", """--env={"GREETING":"hello world"}""");

        exit.Should().Be(0, stdout + stderr);
        stdout.Should().Contain("TASK_FINISHED");
    }

    [Fact]
    public async Task Kill_after_kills_a_task_that_runs_too_long()
    {
        var (exit, stdout, _) = await Execute("--name=sleeper", "--command=sleep 60", "--kill_after=500ms");

        exit.Should().NotBe(0);
        stdout.Should().Contain("Received status update TASK_KILLED for task 'sleeper'");
    }

    [Fact]
    public async Task Uris_are_fetched_from_an_http_server_and_extracted_into_the_sandbox_before_the_command_runs()
    {
        using var server = new FileServer();
        var archive = server.Put("/dist/app.tar.gz", TarGz("app/hello", "hello from the archive"));
        var script = server.Put("/run.sh", "echo ran"u8.ToArray());

        var (exit, stdout, stderr) = await Execute("--name=fetches", $"--uris={archive},{script}",
            "--command=test \"$(cat app/hello)\" = 'hello from the archive' && sh run.sh");

        exit.Should().Be(0, stdout + stderr);
        stdout.Should().Contain("Received status update TASK_FINISHED for task 'fetches'");
        server.Requests("/dist/app.tar.gz").Should().Be(1);
    }

    [Fact]
    public async Task A_uri_that_cannot_be_fetched_fails_the_task_as_a_launch_failure()
    {
        using var server = new FileServer();

        var (exit, stdout, _) = await Execute("--name=fetch-fails", $"--uris={server.Url("/missing.tar.gz")}", "--command=true");

        exit.Should().NotBe(0);
        stdout.Should().MatchRegex(
            "Received status update TASK_FAILED for task 'fetch-fails'\n  message: 'Failed to launch the task: Failed to fetch '[^']+/missing.tar.gz': the server answered 404 Not Found'\n  source: SOURCE_EXECUTOR\n  reason: REASON_CONTAINER_LAUNCH_FAILED\n");
    }

    [Fact]
    public async Task A_task_whose_http_health_check_starts_failing_is_reported_unhealthy_and_killed()
    {
        using var server = new FileServer();
        server.Put("/health", "ok"u8.ToArray());
        var health = $$"""{"http":{"port":{{server.Port}},"path":"/health"},"delay_seconds":0,"interval_seconds":0.2,"grace_period_seconds":0,"consecutive_failures":2}""";
        await using var execute = RunningMesos.Start("execute", $"--master={cluster.Master}", "--name=checked", "--command=sleep 60", $"--health_check={health}");
        await execute.WaitForOutput("  healthy?: 1");

        server.Remove("/health");

        await execute.WaitForOutput("Received status update TASK_KILLED for task 'checked'");
        (await execute.WaitForExit(TimeSpan.FromSeconds(30))).Should().NotBe(0);
        string.Join('\n', execute.Lines()).Should()
            .Contain("  reason: REASON_TASK_HEALTH_CHECK_STATUS_UPDATED\n  healthy?: 0")
            .And.MatchRegex("TASK_KILLED for task 'checked'\n  message: 'Task killed after failing its health check 2 times in a row: GET [^']+ answered 404'\n  source: SOURCE_EXECUTOR\n  healthy\\?: 0");
    }

    [Theory]
    [InlineData("{", "Invalid --health_check:")]
    [InlineData("{\"delay_seconds\":1}", "Invalid --health_check: it needs one of http, tcp or command")]
    public async Task A_bad_health_check_stops_it_with_a_message(string json, string message)
    {
        var (exit, _, stderr) = await Execute("--name=x", "--command=true", $"--health_check={json}");

        exit.Should().NotBe(0);
        stderr.Should().Contain(message).And.NotContain("   at ");
    }

    private static byte[] TarGz(string name, string content)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        using (var tar = new TarWriter(gzip))
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content)) });
        }
        return output.ToArray();
    }

    [Theory]
    [InlineData("--name=x", "Option '--command' is required")]
    [InlineData("--command=true", "Option '--name' is required")]
    [InlineData("--name=x --command=true --resources=cpus:lots", "Invalid --resources 'cpus:lots'")]
    [InlineData("--name=x --command=true --env=[1]", "Invalid --env: expected a JSON object of strings")]
    [InlineData("--name=x --command=true --env={\"A\":1}", "the value of 'A' is not a string")]
    [InlineData("--name=x --command=true --env={", "Invalid --env:")]
    [InlineData("--name=x --command=true --kill_after=soon", "Invalid --kill_after 'soon'")]
    public async Task Bad_flags_stop_it_with_a_message_and_no_stack_trace(string flags, string message)
    {
        var (exit, _, stderr) = await Execute(flags.Split(' '));

        exit.Should().NotBe(0);
        stderr.Should().Contain(message).And.NotContain("   at ");
    }

    [Fact]
    public async Task Without_master_it_stops_with_a_message()
    {
        var (exit, _, stderr) = await MesosProcess.RunAsync("execute", "--name=x", "--command=true");

        exit.Should().NotBe(0);
        stderr.Should().Contain("Option '--master' is required");
    }

    [Theory]
    [InlineData("not a master:port:x", "Invalid --master")]
    [InlineData("127.0.0.1:{free}", "Failed to subscribe with the master at 127.0.0.1:")]
    public async Task A_bad_or_unreachable_master_stops_it_with_a_message(string master, string message)
    {
        var address = master.Replace("{free}", RunningMesos.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

        var (exit, _, stderr) = await MesosProcess.RunAsync("execute", $"--master={address}", "--name=x", "--command=true");

        exit.Should().NotBe(0);
        stderr.Should().Contain(message).And.NotContain("   at ");
    }
}
