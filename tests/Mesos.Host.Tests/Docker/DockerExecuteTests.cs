namespace Mesos.Host.Tests.Docker;

/// <summary>A cluster whose agent runs Docker tasks on the machine's engine before anything else.</summary>
public sealed class DockerClusterFixture : ClusterFixture
{
    protected override IEnumerable<string> AgentFlags => ["--containerizers=docker,mesos", $"--docker_socket={DockerEnvironment.Socket}"];
}

/// <summary>A cluster whose agent is told of a Docker engine that is not there.</summary>
public sealed class AbsentDockerClusterFixture : ClusterFixture
{
    public string Socket { get; } = Path.Combine(Path.GetTempPath(), "mesos-no-docker-" + Guid.NewGuid().ToString("N") + ".sock");

    protected override IEnumerable<string> AgentFlags => ["--containerizers=docker,mesos", $"--docker_socket={Socket}"];
}

/// <summary>`mesos execute --containerizer=docker` against master and agent processes and the machine's real Docker engine.</summary>
public sealed class DockerExecuteTests(DockerClusterFixture cluster) : IClassFixture<DockerClusterFixture>
{
    private static readonly string Image = $"--docker_image={DockerEnvironment.Image}";

    private static Task<(int ExitCode, string StdOut, string StdErr)> Execute(ClusterFixture on, params string[] flags) =>
        MesosProcess.RunAsync(["execute", $"--master={on.Master}", "--containerizer=docker", .. flags]);

    [Fact]
    public async Task A_docker_task_prints_into_its_sandbox_files_and_ends_with_its_exit_code()
    {
        var (exit, stdout, stderr) = await Execute(cluster, "--name=docker-prints", Image, "--command=echo hello from $MESOS_SANDBOX; echo oops >&2; exit 3");

        exit.Should().NotBe(0, stderr);
        stdout.Should().Contain("Received status update TASK_RUNNING for task 'docker-prints'")
            .And.Contain("Received status update TASK_FAILED for task 'docker-prints'\n  message: 'Command exited with status 3'\n");
        File.ReadAllText(SandboxFile("docker-prints", "stdout")).Should().Be("hello from /mnt/mesos/sandbox\n");
        File.ReadAllText(SandboxFile("docker-prints", "stderr")).Should().Be("oops\n");
    }

    [Fact]
    public async Task A_docker_task_that_exits_zero_finishes()
    {
        var (exit, stdout, stderr) = await Execute(cluster, "--name=docker-finishes", Image, "--command=test -f /bin/busybox");

        exit.Should().Be(0, stdout + stderr);
        stdout.Should().Contain("Received status update TASK_FINISHED for task 'docker-finishes'\n  message: 'Command exited with status 0'\n");
    }

    [Fact]
    public async Task A_docker_task_over_its_memory_fails_with_the_memory_reason_from_the_agent()
    {
        var (exit, stdout, _) = await Execute(cluster, "--name=docker-hog", Image, "--resources=cpus:0.5;mem:32",
            "--command=dd if=/dev/zero of=/dev/null bs=200M count=1; sleep 300");

        exit.Should().NotBe(0);
        stdout.Should().MatchRegex(
            "Received status update TASK_FAILED for task 'docker-hog'\n  message: 'Memory limit exceeded: Requested: 32MB[^']*'\n  source: SOURCE_AGENT\n  reason: REASON_CONTAINER_LIMITATION_MEMORY\n");
    }

    [Fact]
    public async Task A_missing_image_fails_the_task_as_a_launch_failure_with_the_engines_word()
    {
        var (exit, stdout, _) = await Execute(cluster, "--name=docker-absent", "--docker_image=mesos-test/absent:latest", "--command=true");

        exit.Should().NotBe(0);
        stdout.Should().MatchRegex(
            "Received status update TASK_FAILED for task 'docker-absent'\n  message: 'Failed to launch the task: Failed to pull image 'mesos-test/absent:latest': [^\n]+'\n  source: SOURCE_EXECUTOR\n  reason: REASON_CONTAINER_LAUNCH_FAILED\n");
    }

    [Fact]
    public async Task Without_a_docker_engine_the_agent_runs_and_a_docker_task_fails_as_a_launch_failure()
    {
        var absent = new AbsentDockerClusterFixture();
        await absent.InitializeAsync();
        try
        {
            var (exit, stdout, _) = await Execute(absent, "--name=docker-down", Image, "--command=true");

            exit.Should().NotBe(0);
            stdout.Should().Contain($"message: 'Failed to launch the task: Failed to connect to the Docker engine at unix://{absent.Socket}: ")
                .And.Contain("reason: REASON_CONTAINER_LAUNCH_FAILED\n");
        }
        finally
        {
            await absent.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("--containerizer=docker", "Invalid --containerizer=docker: it needs --docker_image")]
    [InlineData("--containerizer=rkt", "Invalid --containerizer 'rkt': expected mesos or docker")]
    [InlineData("--containerizer=mesos --docker_image=busybox", "Invalid --docker_image: the mesos containerizer runs commands on the agent's own filesystem")]
    public async Task Contradictory_container_flags_stop_it_with_a_message(string flags, string message)
    {
        var (exit, _, stderr) = await MesosProcess.RunAsync(["execute", $"--master={cluster.Master}", "--name=x", "--command=true", .. flags.Split(' ')]);

        exit.Should().NotBe(0);
        stderr.Should().Contain(message).And.NotContain("   at ");
    }

    /// <summary>The file of the task's sandbox: executors/&lt;task&gt;/runs/&lt;container&gt;/ under the agent's work dir.</summary>
    private string SandboxFile(string task, string file) =>
        Directory.EnumerateFiles(cluster.AgentWorkDir, file, SearchOption.AllDirectories)
            .Single(path => path.Contains($"{Path.DirectorySeparatorChar}executors{Path.DirectorySeparatorChar}{task}{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
}
