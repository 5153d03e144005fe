using System.Globalization;
using Docker.DotNet;
using ContainersListParameters = Docker.DotNet.Models.ContainersListParameters;
using System.Text.Json;
using Google.Protobuf;
using Mesos.Actors.Agent.Checkpoints;
using Mesos.Host.Tests.Docker;
using Mesos.Internal.Checkpoints;
using Mesos.V1;
using Mesos.V1.Scheduler;
using Resources = Mesos.Actors.Protocol.Resources;
using Task = System.Threading.Tasks.Task;

namespace Mesos.Host.Tests.Agent;

/// <summary>
/// kill -9 of an agent while tasks run, and the agent started again on the same work dir: with
/// --recover=reconnect the same task processes run on, under the same agent, and finish (command tasks, a task
/// group's, and those of an executor written on ExecutorActor, which subscribes again); tasks that ended
/// meanwhile are reported with their exit status; the framework sees each update once. With
/// --recover=cleanup no task process is left.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class AgentRestartTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly HttpClient _http = new();
    private readonly List<RunningMesos> _processes = [];
    private readonly string _workDir = Path.Combine(Path.GetTempPath(), "mesos-agent-restart-" + Guid.NewGuid().ToString("N"));
    private readonly int _masterPort = RunningMesos.FreePort();
    private readonly int _agentPort = RunningMesos.FreePort();

    private string Master => $"127.0.0.1:{_masterPort}";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_workDir);
        var master = Start("master", "--ip=127.0.0.1", $"--port={_masterPort}", $"--work_dir={_workDir}/master", "--registry=in_memory");
        await master.WaitForOutput("recovered the registry", Deadline);
    }

    public async Task DisposeAsync()
    {
        foreach (var process in _processes) await process.DisposeAsync();
        Sandboxes.KillProcessesIn(_workDir);
        _http.Dispose();
        Directory.Delete(_workDir, recursive: true);
    }

    private RunningMesos Start(params string[] args)
    {
        var process = RunningMesos.Start(args);
        _processes.Add(process);
        return process;
    }

    private async Task<RunningMesos> StartAgent(params string[] extra)
    {
        var agent = Start(["agent", $"--master={Master}", "--ip=127.0.0.1", $"--port={_agentPort}", $"--work_dir={_workDir}/agent",
            "--resources=cpus:4;mem:4096;disk:4096", .. extra]);
        await agent.WaitForOutputs(ClusterFixture.AgentReady);
        return agent;
    }

    [Fact]
    public async Task An_agent_killed_and_started_again_keeps_its_tasks_running_and_reports_each_update_once()
    {
        var agent = await StartAgent();
        var framework = await TestFramework.Subscribe(Master, "survivor", checkpoint: true, failoverTimeout: 3600);
        var seen = new List<Mesos.V1.TaskStatus>();
        try
        {
            var release = Path.Combine(_workDir, "release");
            var releaseEarly = Path.Combine(_workDir, "release-early");
            // Eight tasks run through the restart; two end while the agent is down, one of them failing.
            var commands = Enumerable.Range(0, 10).ToDictionary(i => $"task-{i}", i => i switch
            {
                0 => $"while [ ! -e {releaseEarly} ]; do sleep 0.1; done; exit 0",
                1 => $"while [ ! -e {releaseEarly} ]; do sleep 0.1; done; exit 3",
                _ => $"while [ ! -e {release} ]; do sleep 0.1; done; exit 0",
            });
            var offer = await framework.AnyOffer(Deadline);
            using (await framework.Send(Launch(offer, commands))) { }
            var pids = (await Reached(framework, seen, commands.Count, TaskState.TaskRunning)).ToDictionary(s => s.Key, s => (int)s.Value.ContainerStatus.ExecutorPid);
            await AcknowledgementsCheckpointed(offer.AgentId.Value, framework.FrameworkId, commands.Keys, TaskState.TaskRunning);

            await agent.Crash();
            await File.WriteAllTextAsync(releaseEarly, "");
            await AwaitGone(pids["task-0"]);
            await AwaitGone(pids["task-1"]);
            pids.Where(p => p.Key is not ("task-0" or "task-1")).Should().OnlyContain(p => Running(p.Value), "the agent's death kills no task");

            agent = await StartAgent();

            var slaves = (await Get("/master/slaves")).GetProperty("slaves");
            slaves.EnumerateArray().Select(s => s.GetProperty("id").GetString()).Should().Equal(offer.AgentId.Value);
            var ended = new Dictionary<string, Mesos.V1.TaskStatus>();
            while (ended.Count < 2)
            {
                var status = await NextUpdate(framework, seen);
                ended[status.TaskId.Value] = status;
            }
            ended["task-0"].State.Should().Be(TaskState.TaskFinished);
            ended["task-1"].State.Should().Be(TaskState.TaskFailed);
            ended["task-1"].Message.Should().Be("Command exited with status 3");
            var states = await MasterTaskStates();
            states.Where(t => t.Key is not ("task-0" or "task-1")).Should().HaveCount(8).And.OnlyContain(t => t.Value == "TASK_RUNNING");
            pids.Where(p => p.Key is not ("task-0" or "task-1")).Should().OnlyContain(p => Running(p.Value), "the same processes run after the restart");

            await File.WriteAllTextAsync(release, "");
            await Reached(framework, seen, 8, TaskState.TaskFinished);

            EachUpdateOnce(seen, commands.Keys, task => [TaskState.TaskStarting, TaskState.TaskRunning, task == "task-1" ? TaskState.TaskFailed : TaskState.TaskFinished]);
        }
        finally
        {
            await framework.TearDown();
        }
    }

    [Fact]
    public async Task An_executor_on_ExecutorActor_keeps_running_through_the_agents_restart_subscribes_again_and_reports_each_update_once()
    {
        // The executor tries every half second at most; the agent waits the longest Mesos allows for it, so that a loaded machine
        // (a .NET process answering slowly) does not make the test fail where a real agent would just be waited on longer.
        string[] reconnect = ["--executor_reconnect_retry_interval=500ms", "--executor_reregistration_timeout=15secs"];
        var agent = await StartAgent(reconnect);
        var framework = await TestFramework.Subscribe(Master, "hello-survivor", checkpoint: true, failoverTimeout: 3600);
        var seen = new List<Mesos.V1.TaskStatus>();
        try
        {
            var release = Path.Combine(_workDir, "release");
            var releaseEarly = Path.Combine(_workDir, "release-early");
            // Each command says its pid first; hello-3 ends while the agent is down, its end held by the executor.
            var commands = new Dictionary<string, string>
            {
                ["hello-1"] = $"echo $$ > {_workDir}/hello-1.pid; while [ ! -e {release} ]; do sleep 0.1; done",
                ["hello-2"] = $"echo $$ > {_workDir}/hello-2.pid; while [ ! -e {release} ]; do sleep 0.1; done",
                ["hello-3"] = $"echo $$ > {_workDir}/hello-3.pid; while [ ! -e {releaseEarly} ]; do sleep 0.1; done; exit 3",
            };
            var offer = await framework.AnyOffer(Deadline);
            using (var accepted = await framework.Send(LaunchOnHelloExecutor(offer, commands))) accepted.StatusCode.Should().Be(System.Net.HttpStatusCode.Accepted);
            await Reached(framework, seen, commands.Count, TaskState.TaskRunning);
            await AcknowledgementsCheckpointed(offer.AgentId.Value, framework.FrameworkId, commands.Keys.ToDictionary(t => t, _ => "hello-executor"), TaskState.TaskRunning);
            var executorPid = ExecutorPid(offer.AgentId.Value, framework.FrameworkId, "hello-executor");
            var taskPids = new Dictionary<string, int>();
            foreach (var task in commands.Keys) taskPids[task] = await PidFile(Path.Combine(_workDir, task + ".pid"));

            await agent.Crash();
            await File.WriteAllTextAsync(releaseEarly, "");
            await AwaitGone(taskPids["hello-3"]);
            Running(executorPid).Should().BeTrue("the executor outlives its agent");

            agent = await StartAgent(reconnect);

            var ended = await NextUpdate(framework, seen);
            ended.TaskId.Value.Should().Be("hello-3", "{0}: {1}", ended.State, ended.Message);
            ended.State.Should().Be(TaskState.TaskFailed);
            ended.Message.Should().Be("Command exited with status 3");
            (await MasterTaskStates()).Where(t => t.Key != "hello-3").Should().HaveCount(2).And.OnlyContain(t => t.Value == "TASK_RUNNING");
            ExecutorPid(offer.AgentId.Value, framework.FrameworkId, "hello-executor").Should().Be(executorPid);
            Running(executorPid).Should().BeTrue("the same executor runs on");
            Running(taskPids["hello-1"]).Should().BeTrue();
            Running(taskPids["hello-2"]).Should().BeTrue();

            await File.WriteAllTextAsync(release, "");
            await Reached(framework, seen, 2, TaskState.TaskFinished);

            EachUpdateOnce(seen, commands.Keys, task => [TaskState.TaskRunning, task == "hello-3" ? TaskState.TaskFailed : TaskState.TaskFinished]);
        }
        finally
        {
            await framework.TearDown();
        }
    }

    [Fact]
    public async Task An_executor_whose_agent_never_comes_back_shuts_itself_and_its_tasks_down_after_the_recovery_timeout()
    {
        var agent = await StartAgent("--recovery_timeout=3secs", "--executor_reconnect_retry_interval=500ms");
        var framework = await TestFramework.Subscribe(Master, "hello-orphan", checkpoint: true, failoverTimeout: 3600);
        try
        {
            var offer = await framework.AnyOffer(Deadline);
            var commands = new Dictionary<string, string> { ["hello-1"] = $"echo $$ > {_workDir}/hello-1.pid; while true; do sleep 0.1; done" };
            using (var accepted = await framework.Send(LaunchOnHelloExecutor(offer, commands))) accepted.StatusCode.Should().Be(System.Net.HttpStatusCode.Accepted);
            (await framework.NextUpdate(_ => true, Deadline)).State.Should().Be(TaskState.TaskRunning);
            var executorPid = ExecutorPid(offer.AgentId.Value, framework.FrameworkId, "hello-executor");
            var taskPid = await PidFile(Path.Combine(_workDir, "hello-1.pid"));

            await agent.Crash();

            await AwaitGone(executorPid);
            await AwaitGone(taskPid);
        }
        finally
        {
            await framework.TearDown();
        }
    }

    [Fact]
    public async Task The_tasks_of_a_task_group_keep_running_through_the_agents_restart_and_report_each_update_once()
    {
        var agent = await StartAgent();
        var framework = await TestFramework.Subscribe(Master, "group-survivor", checkpoint: true, failoverTimeout: 3600);
        var seen = new List<Mesos.V1.TaskStatus>();
        try
        {
            var release = Path.Combine(_workDir, "release");
            var releaseEarly = Path.Combine(_workDir, "release-early");
            var commands = new Dictionary<string, string>
            {
                ["long"] = $"while [ ! -e {release} ]; do sleep 0.1; done",
                ["other"] = $"while [ ! -e {release} ]; do sleep 0.1; done",
                ["short"] = $"while [ ! -e {releaseEarly} ]; do sleep 0.1; done",
            };
            var offer = await framework.AnyOffer(Deadline);
            using (var accepted = await framework.Send(LaunchGroup(offer, "group", commands))) accepted.StatusCode.Should().Be(System.Net.HttpStatusCode.Accepted);
            var pids = (await Reached(framework, seen, commands.Count, TaskState.TaskRunning)).ToDictionary(s => s.Key, s => (int)s.Value.ContainerStatus.ExecutorPid);
            await AcknowledgementsCheckpointed(offer.AgentId.Value, framework.FrameworkId, commands.Keys.ToDictionary(t => t, _ => "group"), TaskState.TaskRunning);

            await agent.Crash();
            await File.WriteAllTextAsync(releaseEarly, "");
            await AwaitGone(pids["short"]);
            Running(pids["long"]).Should().BeTrue("the agent's death kills no task");

            agent = await StartAgent();

            var ended = await NextUpdate(framework, seen);
            ended.TaskId.Value.Should().Be("short");
            ended.State.Should().Be(TaskState.TaskFinished, ended.Message);
            (await MasterTaskStates()).Where(t => t.Key != "short").Should().HaveCount(2).And.OnlyContain(t => t.Value == "TASK_RUNNING");
            Running(pids["long"]).Should().BeTrue("the same processes run after the restart");
            Running(pids["other"]).Should().BeTrue();

            await File.WriteAllTextAsync(release, "");
            await Reached(framework, seen, 2, TaskState.TaskFinished);

            EachUpdateOnce(seen, commands.Keys, _ => [TaskState.TaskStarting, TaskState.TaskRunning, TaskState.TaskFinished]);
        }
        finally
        {
            await framework.TearDown();
        }
    }

    [Fact]
    public async Task Docker_containers_are_found_again_after_the_agents_restart_and_those_it_does_not_take_back_are_removed()
    {
        using var engine = new DockerClientBuilder().WithEndpoint(new Uri("unix://" + DockerEnvironment.Socket)).Build();
        string[] docker = ["--containerizers=docker,mesos", $"--docker_socket={DockerEnvironment.Socket}"];
        var agent = await StartAgent(docker);
        var framework = await TestFramework.Subscribe(Master, "docker-survivor", checkpoint: true, failoverTimeout: 3600);
        var transient = await TestFramework.Subscribe(Master, "docker-transient", failoverTimeout: 3600);
        var seen = new List<Mesos.V1.TaskStatus>();
        try
        {
            var sandbox = "/mnt/mesos/sandbox";
            var commands = new Dictionary<string, string>
            {
                ["docker-long"] = $"while [ ! -e {sandbox}/release ]; do sleep 0.1; done; exit 0",
                ["docker-early"] = $"while [ ! -e {sandbox}/release ]; do sleep 0.1; done; exit 5",
            };
            var offer = await framework.AnyOffer(Deadline);
            using (var accepted = await framework.Send(Docker(Launch(offer, commands)))) accepted.StatusCode.Should().Be(System.Net.HttpStatusCode.Accepted);
            var containers = (await Reached(framework, seen, commands.Count, TaskState.TaskRunning))
                .ToDictionary(s => s.Key, s => "mesos-" + s.Value.ContainerStatus.ContainerId.Value);
            await AcknowledgementsCheckpointed(offer.AgentId.Value, framework.FrameworkId, commands.Keys, TaskState.TaskRunning);
            var transientOffer = await transient.AnyOffer(Deadline);
            using (await transient.Send(Docker(Launch(transientOffer, new Dictionary<string, string> { ["docker-transient"] = "sleep 300" })))) { }
            var orphan = "mesos-" + (await transient.NextUpdate(s => s.State == TaskState.TaskRunning, Deadline)).ContainerStatus.ContainerId.Value;
            var longPid = (await engine.Containers.InspectContainerAsync(containers["docker-long"])).State!.Pid;

            await agent.Crash();
            await File.WriteAllTextAsync(Path.Combine(SandboxOf(offer.AgentId.Value, framework.FrameworkId, "docker-early"), "release"), "");
            await engine.Containers.WaitContainerAsync(containers["docker-early"]);

            agent = await StartAgent(docker);

            var ended = await NextUpdate(framework, seen);
            ended.TaskId.Value.Should().Be("docker-early");
            ended.State.Should().Be(TaskState.TaskFailed);
            ended.Message.Should().Be("Command exited with status 5", "the engine kept the exit code while the agent was down");
            (await MasterTaskStates())["docker-long"].Should().Be("TASK_RUNNING");
            (await engine.Containers.InspectContainerAsync(containers["docker-long"])).State!.Pid.Should().Be(longPid, "the same container runs on");
            await Condition.Until(async () => !(await ContainerNames(engine)).Contains("/" + orphan), Deadline);

            await File.WriteAllTextAsync(Path.Combine(SandboxOf(offer.AgentId.Value, framework.FrameworkId, "docker-long"), "release"), "");
            var finished = await NextUpdate(framework, seen);
            finished.TaskId.Value.Should().Be("docker-long");
            finished.State.Should().Be(TaskState.TaskFinished, finished.Message);
            EachUpdateOnce(seen, commands.Keys, task => [TaskState.TaskStarting, TaskState.TaskRunning, task == "docker-early" ? TaskState.TaskFailed : TaskState.TaskFinished]);
            await Condition.Until(async () => (await ContainerNames(engine)).Intersect(containers.Values.Select(c => "/" + c)).Any() == false, Deadline);
        }
        finally
        {
            await framework.TearDown();
            await transient.TearDown();
        }
    }

    [Fact]
    public async Task With_recover_cleanup_a_restarted_agent_kills_every_task_it_left_and_exits()
    {
        var agent = await StartAgent();
        var framework = await TestFramework.Subscribe(Master, "cleaned", checkpoint: true, failoverTimeout: 3600);
        try
        {
            var commands = Enumerable.Range(0, 3).ToDictionary(i => $"task-{i}", _ => "sleep 300");
            var offer = await framework.AnyOffer(Deadline);
            using (await framework.Send(Launch(offer, commands))) { }
            var pids = new List<int>();
            while (pids.Count < commands.Count)
            {
                var status = await framework.NextUpdate(s => s.State == TaskState.TaskRunning, Deadline);
                pids.Add((int)status.ContainerStatus.ExecutorPid);
            }
            await agent.Crash();
            pids.Should().OnlyContain(pid => Running(pid));

            var cleanup = Start("agent", $"--master={Master}", "--ip=127.0.0.1", $"--port={_agentPort}", $"--work_dir={_workDir}/agent",
                "--resources=cpus:4;mem:4096", "--recover=cleanup");
            (await cleanup.WaitForExit(Deadline)).Should().Be(0, string.Join('\n', cleanup.Lines()));
            foreach (var pid in pids) await AwaitGone(pid);
            Directory.Exists(Path.Combine(_workDir, "agent", "meta", "slaves")).Should().BeFalse("the next start is a new agent");
        }
        finally
        {
            await framework.TearDown();
        }
    }

    private static Call Launch(Offer offer, IReadOnlyDictionary<string, string> commands) => new()
    {
        Type = Call.Types.Type.Accept,
        Accept = new()
        {
            OfferIds = { offer.Id },
            Operations =
            {
                new Offer.Types.Operation
                {
                    Type = Offer.Types.Operation.Types.Type.Launch,
                    Launch = new()
                    {
                        TaskInfos =
                        {
                            commands.Select(c => new TaskInfo
                            {
                                Name = c.Key, TaskId = new() { Value = c.Key }, AgentId = offer.AgentId,
                                Command = new() { Value = c.Value }, Resources = { Resources.Parse("cpus:0.1;mem:32").ToProtos() },
                            }),
                        },
                    },
                },
            },
        },
    };

    /// <summary>ACCEPT that launches each command as a task of samples/HelloExecutor, run from its build output.</summary>
    private static Call LaunchOnHelloExecutor(Offer offer, IReadOnlyDictionary<string, string> commands)
    {
        var executor = new ExecutorInfo
        {
            ExecutorId = new ExecutorID { Value = "hello-executor" },
            Name = "hello executor",
            Command = new CommandInfo
            {
                Shell = false,
                Value = "dotnet",
                Arguments = { "dotnet", Path.ChangeExtension(TestPrograms.Executable("samples/HelloExecutor"), ".dll") },
            },
            Resources = { Resources.Parse("cpus:0.1;mem:64").ToProtos() },
        };
        var launch = Launch(offer, commands);
        foreach (var task in launch.Accept.Operations[0].Launch.TaskInfos)
        {
            task.Data = ByteString.CopyFromUtf8(task.Command!.Value);
            task.Command = null;
            task.Executor = executor;
        }
        return launch;
    }

    /// <summary>ACCEPT that launches the commands as one task group under the default executor.</summary>
    private static Call LaunchGroup(Offer offer, string executorId, IReadOnlyDictionary<string, string> commands)
    {
        var tasks = Launch(offer, commands).Accept.Operations[0].Launch.TaskInfos;
        return new Call
        {
            Type = Call.Types.Type.Accept,
            Accept = new()
            {
                OfferIds = { offer.Id },
                Operations =
                {
                    new Offer.Types.Operation
                    {
                        Type = Offer.Types.Operation.Types.Type.LaunchGroup,
                        LaunchGroup = new()
                        {
                            Executor = new ExecutorInfo
                            {
                                Type = ExecutorInfo.Types.Type.Default,
                                ExecutorId = new ExecutorID { Value = executorId },
                                Resources = { Resources.Parse("cpus:0.1;mem:32;disk:32").ToProtos() },
                            },
                            TaskGroup = new TaskGroupInfo { Tasks = { tasks } },
                        },
                    },
                },
            },
        };
    }

    /// <summary>The same launch with each task in the test image's Docker container.</summary>
    private static Call Docker(Call launch)
    {
        foreach (var task in launch.Accept.Operations[0].Launch.TaskInfos)
        {
            task.Container = new ContainerInfo
            {
                Type = ContainerInfo.Types.Type.Docker,
                Docker = new ContainerInfo.Types.DockerInfo { Image = DockerEnvironment.Image, Network = ContainerInfo.Types.DockerInfo.Types.Network.Host },
            };
        }
        return launch;
    }

    private string SandboxOf(string agentId, string frameworkId, string taskId) =>
        Directory.GetDirectories(Path.Combine(_workDir, "agent", "slaves", agentId, "frameworks", frameworkId, "executors", taskId, "runs")).Single();

    private static async Task<List<string>> ContainerNames(DockerClient engine) =>
        [.. (await engine.Containers.ListContainersAsync(new ContainersListParameters { All = true })).SelectMany(c => c.Names!)];

    /// <summary>The pid of the executor's process, as the agent checkpointed it.</summary>
    private int ExecutorPid(string agentId, string frameworkId, string executorId)
    {
        var store = new CheckpointStore(Path.Combine(_workDir, "agent", "meta"));
        var runs = store.Directories(CheckpointPaths.Executor(agentId, frameworkId, executorId) + "/runs");
        return store.Read(CheckpointPaths.ForkedPid(agentId, frameworkId, executorId, runs.Should().ContainSingle().Subject), ForkedPid.Parser)!.Pid;
    }

    /// <summary>The pid a task wrote into <paramref name="file"/>, once it has.</summary>
    private static async Task<int> PidFile(string file)
    {
        var pid = 0;
        await Condition.Until(() => File.Exists(file) && int.TryParse(File.ReadAllText(file).Trim(), CultureInfo.InvariantCulture, out pid), Deadline);
        return pid;
    }

    /// <summary>The status of each of <paramref name="count"/> tasks once it reached <paramref name="state"/>; every update on the way acknowledged and kept in <paramref name="seen"/>.</summary>
    private static async Task<Dictionary<string, Mesos.V1.TaskStatus>> Reached(TestFramework framework, List<Mesos.V1.TaskStatus> seen, int count, TaskState state)
    {
        var reached = new Dictionary<string, Mesos.V1.TaskStatus>();
        while (reached.Count < count)
        {
            var status = await NextUpdate(framework, seen);
            if (status.State == state) reached[status.TaskId.Value] = status;
        }
        return reached;
    }

    /// <summary>The framework saw no update twice, and each task's updates in the order <paramref name="expected"/> gives.</summary>
    private static void EachUpdateOnce(List<Mesos.V1.TaskStatus> seen, IEnumerable<string> taskIds, Func<string, TaskState[]> expected)
    {
        seen.Select(s => s.Uuid).Should().OnlyHaveUniqueItems("an acknowledged update is never sent again");
        foreach (var task in taskIds) seen.Where(s => s.TaskId.Value == task).Select(s => s.State).Should().Equal(expected(task), "the updates of {0}", task);
    }

    /// <summary>The next update, acknowledged, and kept in <paramref name="seen"/>.</summary>
    private static async Task<Mesos.V1.TaskStatus> NextUpdate(TestFramework framework, List<Mesos.V1.TaskStatus> seen)
    {
        var status = await framework.NextUpdate(_ => true, Deadline);
        seen.Add(status);
        return status;
    }

    /// <summary>
    /// Waits until the agent has checkpointed the acknowledgement of each task's update in <paramref name="state"/>: one
    /// acknowledged before the crash but not yet at the agent would be sent again, rightly, and the test asserts
    /// that an acknowledged update is not.
    /// </summary>
    private Task AcknowledgementsCheckpointed(string agentId, string frameworkId, IEnumerable<string> taskIds, TaskState state) =>
        AcknowledgementsCheckpointed(agentId, frameworkId, taskIds.ToDictionary(t => t, t => t), state);

    /// <param name="executors">The executor of each task.</param>
    private async Task AcknowledgementsCheckpointed(string agentId, string frameworkId, IReadOnlyDictionary<string, string> executors, TaskState state)
    {
        var store = new CheckpointStore(Path.Combine(_workDir, "agent", "meta"));
        var runs = executors.ToDictionary(t => t.Key, t => Path.Combine(store.MetaDir, CheckpointPaths.Executor(agentId, frameworkId, t.Value), "runs"));
        await Condition.Until(() => runs.All(run => Directory.Exists(run.Value) && Directory.GetDirectories(run.Value).Any(container =>
            store.Read(CheckpointPaths.TaskUpdates(agentId, frameworkId, executors[run.Key], Path.GetFileName(container), run.Key), TaskUpdates.Parser) is
                { Pending.Count: 0, Acknowledged: { } acknowledged } && acknowledged.State == state)), Deadline);
    }

    private async Task<Dictionary<string, string>> MasterTaskStates() =>
        (await Get("/master/tasks")).GetProperty("tasks").EnumerateArray()
            .ToDictionary(t => t.GetProperty("id").GetString()!, t => t.GetProperty("state").GetString()!);

    private async Task<JsonElement> Get(string path) => JsonDocument.Parse(await _http.GetStringAsync($"http://{Master}{path}")).RootElement;

    private static bool Running(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static Task AwaitGone(int pid) => Condition.Until(() => !Running(pid), Deadline);
}
