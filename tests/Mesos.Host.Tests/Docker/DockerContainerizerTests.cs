using Docker.DotNet;
using Mesos.Actors.Containerizer;
using Mesos.Docker;
using Mesos.V1;
using Task = System.Threading.Tasks.Task;
using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.Host.Tests.Docker;

/// <summary>The docker containerizer against the machine's real Docker engine, running the busybox image tests/deps/docker.sh imported.</summary>
public sealed class DockerContainerizerTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly string _sandbox = Path.Combine(Path.GetTempPath(), "mesos-docker-" + Guid.NewGuid().ToString("N"));
    private readonly DockerContainerizer _docker;
    private readonly DockerClient _engine;

    public DockerContainerizerTests()
    {
        Directory.CreateDirectory(_sandbox);
        _docker = new DockerContainerizer(new ContainerizerSettings { DockerSocket = DockerEnvironment.Socket, Containerizers = ["docker"] });
        _engine = new DockerClientBuilder().WithEndpoint(new Uri("unix://" + DockerEnvironment.Socket)).Build();
    }

    public void Dispose()
    {
        _docker.Dispose();
        _engine.Dispose();
        Directory.Delete(_sandbox, recursive: true);
    }

    [Fact]
    public async Task The_engine_is_spoken_to_at_an_api_version_it_supports()
    {
        var described = await _docker.DescribeEngineAsync();

        var engine = await _engine.System.GetVersionAsync();
        var spoken = Version.Parse(described[(described.LastIndexOf("API ", StringComparison.Ordinal) + 4)..]);
        spoken.Should().BeLessThanOrEqualTo(Version.Parse(engine.APIVersion)).And.BeGreaterThanOrEqualTo(Version.Parse(engine.MinAPIVersion!));
        described.Should().Contain(engine.Version);
    }

    [Fact]
    public async Task A_task_prints_into_its_sandbox_files_and_ends_with_its_exit_code()
    {
        var container = await Launch("echo hello from $MESOS_SANDBOX; echo oops >&2; exit 3");

        var termination = await container.Exited.WaitAsync(Deadline);

        termination.Should().Be(ContainerTermination.Exit(3));
        File.ReadAllText(Path.Combine(_sandbox, "stdout")).Should().Be("hello from /mnt/mesos/sandbox\n");
        File.ReadAllText(Path.Combine(_sandbox, "stderr")).Should().Be("oops\n");
        (await ContainerExists(container)).Should().BeFalse("an ended container is removed");
    }

    [Fact]
    public async Task The_container_is_named_and_labelled_so_that_a_restarted_agent_finds_it()
    {
        var labels = ContainerLabels.Of("agent-1", "framework-1", "executor-1", "c-" + Guid.NewGuid().ToString("N"), _sandbox, null);
        var container = await Launch("sleep 300", labels: labels);

        var inspected = await _engine.Containers.InspectContainerAsync("mesos-" + container.ContainerId);

        inspected.Config!.Labels.Should().Contain(labels);
        inspected.HostConfig!.CPUShares.Should().Be(512);
        inspected.HostConfig!.Memory.Should().Be(64L << 20);
        container.Pid.Should().Be((int)inspected.State!.Pid).And.BePositive();
        container.Kill(TimeSpan.Zero);
        (await container.Exited.WaitAsync(Deadline)).ExitStatus.Should().Be(137);
    }

    [Fact]
    public async Task A_kill_with_a_grace_period_lets_the_task_end_on_SIGTERM()
    {
        var container = await Launch("trap 'echo terminated; exit 0' TERM; echo ready > ready; while :; do sleep 0.1; done");
        await Until(() => File.Exists(Path.Combine(_sandbox, "ready")));

        container.Kill(TimeSpan.FromSeconds(30));

        (await container.Exited.WaitAsync(Deadline)).Should().Be(ContainerTermination.Exit(0));
        File.ReadAllText(Path.Combine(_sandbox, "stdout")).Should().Contain("terminated");
    }

    [Fact]
    public async Task A_task_over_its_memory_ends_with_the_memory_limitation()
    {
        var container = await Launch("dd if=/dev/zero of=/dev/null bs=200M count=1; sleep 300", resources: "cpus:0.5;mem:32");

        var termination = await container.Exited.WaitAsync(Deadline);

        termination.Limitation.Should().NotBeNull();
        termination.Limitation!.Reason.Should().Be(TaskStatus.Types.Reason.ContainerLimitationMemory);
        termination.Limitation.Message.Should().StartWith("Memory limit exceeded: Requested: 32MB");
    }

    [Fact]
    public async Task Usage_reports_the_containers_cpu_and_memory_with_its_limits()
    {
        var container = await Launch("sleep 300");

        var usage = await container.UsageAsync();

        usage.MemTotalBytes.Should().BePositive();
        usage.CpusLimit.Should().Be(0.5);
        usage.MemLimitBytes.Should().Be(64UL << 20);
        usage.Threads.Should().BeGreaterThanOrEqualTo(1);
        container.Kill(TimeSpan.Zero);
        await container.Exited.WaitAsync(Deadline);
    }

    [Fact]
    public async Task A_bridged_container_has_its_own_address_and_its_port_mapped_and_volumes_mounted()
    {
        var info = DockerInfo(ContainerInfo.Types.DockerInfo.Types.Network.Bridge);
        var hostPort = RunningMesos.FreePort();
        info.Docker.PortMappings.Add(new ContainerInfo.Types.DockerInfo.Types.PortMapping { HostPort = (uint)hostPort, ContainerPort = 8080 });
        info.Volumes.Add(new Volume { HostPath = "data", ContainerPath = "/data", Mode = Volume.Types.Mode.Rw });
        Directory.CreateDirectory(Path.Combine(_sandbox, "data"));
        var container = await Launch("echo written > /data/file; sleep 300", info: info, resources: $"cpus:0.5;mem:64;ports:[{hostPort}-{hostPort}]");
        await Until(() => File.Exists(Path.Combine(_sandbox, "data", "file")));

        var inspected = await _engine.Containers.InspectContainerAsync("mesos-" + container.ContainerId);

        container.IpAddress.Should().NotBeNullOrEmpty().And.Be(inspected.NetworkSettings!.Networks!["bridge"].IPAddress);
        inspected.HostConfig!.PortBindings!["8080/tcp"].Single().HostPort.Should().Be(hostPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        container.Kill(TimeSpan.Zero);
        await container.Exited.WaitAsync(Deadline);
    }

    [Fact]
    public async Task A_missing_image_fails_the_launch_with_a_readable_message()
    {
        var info = DockerInfo(ContainerInfo.Types.DockerInfo.Types.Network.Host, image: "mesos-test/absent:latest");

        var launch = () => Launch("true", info: info);

        (await launch.Should().ThrowAsync<IOException>()).Which.Message.Should().StartWith("Failed to pull image 'mesos-test/absent:latest': ");
    }

    [Fact]
    public async Task A_daemon_that_does_not_answer_fails_the_launch_with_a_readable_message()
    {
        var socket = Path.Combine(_sandbox, "no-docker.sock");
        using var down = new DockerContainerizer(new ContainerizerSettings { DockerSocket = socket });

        var launch = () => down.LaunchAsync(Spec("true", DockerInfo(ContainerInfo.Types.DockerInfo.Types.Network.Host), "cpus:0.5;mem:64", null));

        (await launch.Should().ThrowAsync<IOException>()).Which.Message.Should().StartWith($"Failed to connect to the Docker engine at unix://{socket}: ");
    }

    [Fact]
    public async Task A_docker_parameter_that_has_no_place_is_refused_by_name()
    {
        var info = DockerInfo(ContainerInfo.Types.DockerInfo.Types.Network.Host);
        info.Docker.Parameters.Add(new Parameter { Key = "frobnicate", Value = "1" });

        var launch = () => Launch("true", info: info);

        (await launch.Should().ThrowAsync<IOException>()).Which.Message.Should().StartWith("Unsupported docker parameter '--frobnicate'");
    }

    [Fact]
    public async Task A_container_an_earlier_agent_left_running_is_found_again_by_its_name_its_output_and_exit_code_come_through()
    {
        var release = Path.Combine(_sandbox, "release");
        var (id, pid) = await LeftBehind("agent-1", $"echo before; while [ ! -e {DockerRun.MappedSandbox}/release ]; do sleep 0.1; done; echo after; exit 4");

        var container = await _docker.RecoverAsync(Recovery(id));

        container.Pid.Should().Be(pid, "the same container runs on");
        container.Exited.IsCompleted.Should().BeFalse();
        await File.WriteAllTextAsync(release, "");
        (await container.Exited.WaitAsync(Deadline)).Should().Be(ContainerTermination.Exit(4), "the engine's wait gives the exit code");
        File.ReadAllText(Path.Combine(_sandbox, "stdout")).Should().Be("before\nafter\n", "what it wrote while no agent copied it is read back from the engine's log");
        (await ContainerExists(container)).Should().BeFalse("an ended container is removed");
    }

    [Fact]
    public async Task A_container_that_ended_while_the_agent_was_down_is_found_ended_with_the_exit_code_the_engine_kept_and_removed()
    {
        var (id, _) = await LeftBehind("agent-1", "exit 7");
        await _engine.Containers.WaitContainerAsync("mesos-" + id);

        var container = await _docker.RecoverAsync(Recovery(id));

        container.Exited.IsCompleted.Should().BeTrue();
        (await container.Exited).Should().Be(ContainerTermination.Exit(7));
        (await ContainerExists(container)).Should().BeFalse();
    }

    [Fact]
    public async Task A_container_the_engine_no_longer_has_is_found_ended_with_an_unknown_status()
    {
        var container = await _docker.RecoverAsync(Recovery("c-" + Guid.NewGuid().ToString("N")));

        (await container.Exited.WaitAsync(Deadline)).Should().Be(ContainerTermination.Unknown);
    }

    [Fact]
    public async Task Containers_labelled_for_the_agent_that_it_did_not_take_back_are_killed_and_removed_and_no_other()
    {
        var agent = "agent-" + Guid.NewGuid().ToString("N");
        var (kept, _) = await LeftBehind(agent, "sleep 300");
        var (orphan, _) = await LeftBehind(agent, "sleep 300");
        var (ended, _) = await LeftBehind(agent, "exit 0");
        var (others, _) = await LeftBehind("another-" + agent, "sleep 300");
        try
        {
            await _engine.Containers.WaitContainerAsync("mesos-" + ended);

            var killed = await _docker.KillOrphansAsync(agent, new HashSet<string> { kept });

            killed.Should().BeEquivalentTo([orphan, ended]);
            var left = (await _engine.Containers.ListContainersAsync(new global::Docker.DotNet.Models.ContainersListParameters { All = true }))
                .SelectMany(c => c.Names!).ToList();
            left.Should().Contain(["/mesos-" + kept, "/mesos-" + others]).And.NotContain(["/mesos-" + orphan, "/mesos-" + ended]);
        }
        finally
        {
            foreach (var id in new[] { kept, others }) await _engine.Containers.RemoveContainerAsync("mesos-" + id, new() { Force = true });
        }
    }

    /// <summary>A container started as an agent's, named and labelled so, and left to run with no agent watching; its id and pid.</summary>
    private async Task<(string Id, int Pid)> LeftBehind(string agentId, string shell)
    {
        var id = "c-" + Guid.NewGuid().ToString("N");
        var spec = Spec(shell, DockerInfo(ContainerInfo.Types.DockerInfo.Types.Network.Host), "cpus:0.5;mem:64",
            ContainerLabels.Of(agentId, "framework-1", "executor-1", id, _sandbox, null));
        var created = await _engine.Containers.CreateContainerAsync(DockerRun.Parameters(spec, new ContainerizerSettings()));
        await _engine.Containers.StartContainerAsync(created.ID, new());
        var inspected = await _engine.Containers.InspectContainerAsync(created.ID);
        return (id, (int)inspected.State!.Pid);
    }

    private ContainerRecovery Recovery(string id) =>
        new(id, new ProcessIdentity(0, 0, ""), null, [.. Mesos.Actors.Protocol.Resources.Parse("cpus:0.5;mem:64").ToProtos()], DockerInfo(ContainerInfo.Types.DockerInfo.Types.Network.Host))
        {
            WorkDirectory = _sandbox,
            SandboxDirectory = _sandbox,
        };

    private Task<IContainer> Launch(string shell, ContainerInfo? info = null, string resources = "cpus:0.5;mem:64", IReadOnlyDictionary<string, string>? labels = null) =>
        _docker.LaunchAsync(Spec(shell, info ?? DockerInfo(ContainerInfo.Types.DockerInfo.Types.Network.Host), resources, labels));

    private ContainerLaunch Spec(string shell, ContainerInfo info, string resources, IReadOnlyDictionary<string, string>? labels)
    {
        var id = labels?[ContainerLabels.ContainerId] ?? "c-" + Guid.NewGuid().ToString("N");
        return new ContainerLaunch(id, _sandbox, _sandbox, new CommandInfo { Shell = true, Value = shell }, new Dictionary<string, string>(),
            [.. Mesos.Actors.Protocol.Resources.Parse(resources).ToProtos()], info, labels);
    }

    private static ContainerInfo DockerInfo(ContainerInfo.Types.DockerInfo.Types.Network network, string? image = null) => new()
    {
        Type = ContainerInfo.Types.Type.Docker,
        Docker = new ContainerInfo.Types.DockerInfo { Image = image ?? DockerEnvironment.Image, Network = network },
    };

    private async Task<bool> ContainerExists(IContainer container)
    {
        var all = await _engine.Containers.ListContainersAsync(new global::Docker.DotNet.Models.ContainersListParameters { All = true });
        return all.Any(c => c.Names!.Contains("/mesos-" + container.ContainerId));
    }

    private static Task Until(Func<bool> condition) => Condition.Until(condition, Deadline);
}
