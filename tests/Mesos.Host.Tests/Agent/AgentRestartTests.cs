using System.Globalization;
using System.Text.Json;
using Google.Protobuf;
using Mesos.Actors.Agent.Checkpoints;
using Mesos.Internal.Checkpoints;
using Mesos.V1;
using Mesos.V1.Scheduler;
using Resources = Mesos.Actors.Protocol.Resources;
using Task = System.Threading.Tasks.Task;

namespace Mesos.Host.Tests.Agent;

/// <summary>
/// kill -9 of an agent while tasks run, and the agent started again on the same work dir: with
/// --recover=reconnect the same task processes run on, under the same agent, and finish; tasks that ended
/// meanwhile are reported with their exit status; the framework sees each update once. With
/// --recover=cleanup no task process is left.
/// </summary>
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
            "--resources=cpus:4;mem:4096", .. extra]);
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
            var pids = new Dictionary<string, int>();
            while (pids.Count < commands.Count)
            {
                var status = await NextUpdate(framework, seen);
                if (status.State == TaskState.TaskRunning) pids[status.TaskId.Value] = (int)status.ContainerStatus.ExecutorPid;
            }
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
            var finished = new HashSet<string>();
            while (finished.Count < 8)
            {
                var status = await NextUpdate(framework, seen);
                status.State.Should().Be(TaskState.TaskFinished, status.Message);
                finished.Add(status.TaskId.Value);
            }

            seen.Select(s => s.Uuid).Should().OnlyHaveUniqueItems("an acknowledged update is never sent again");
            foreach (var task in commands.Keys)
            {
                seen.Where(s => s.TaskId.Value == task).Select(s => s.State).Should()
                    .Equal(TaskState.TaskStarting, TaskState.TaskRunning, task == "task-1" ? TaskState.TaskFailed : TaskState.TaskFinished);
            }
        }
        finally
        {
            await framework.TearDown();
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
    private async Task AcknowledgementsCheckpointed(string agentId, string frameworkId, IEnumerable<string> taskIds, TaskState state)
    {
        var store = new CheckpointStore(Path.Combine(_workDir, "agent", "meta"));
        var runs = taskIds.ToDictionary(t => t, t => Path.Combine(store.MetaDir, CheckpointPaths.Executor(agentId, frameworkId, t), "runs"));
        await Condition.Until(() => runs.All(run => Directory.Exists(run.Value) && Directory.GetDirectories(run.Value).Any(container =>
            store.Read(CheckpointPaths.TaskUpdates(agentId, frameworkId, run.Key, Path.GetFileName(container), run.Key), TaskUpdates.Parser) is
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
