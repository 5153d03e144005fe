using System.Globalization;
using System.Text.Json;
using Mesos.V1;
using Task = System.Threading.Tasks.Task;

namespace Mesos.Host.Tests.Agent;

/// <summary>
/// The agent's work dir on a small tmpfs that fills up: the agent cannot checkpoint a task it is given, so it stops
/// with exit status 1 and says why, as Mesos' agent aborts, and launches nothing; the task it ran runs on, and once
/// there is room again the agent starts from its checkpoints, whole, and takes that task back.
/// </summary>
public sealed class AgentFullDiskTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly HttpClient _http = new();
    private readonly List<RunningMesos> _processes = [];
    private readonly string _masterDir = Path.Combine(Path.GetTempPath(), "mesos-agent-full-master-" + Guid.NewGuid().ToString("N"));
    private SmallDisk? _disk;
    private readonly int _masterPort = RunningMesos.FreePort();
    private readonly int _agentPort = RunningMesos.FreePort();

    private SmallDisk Disk => _disk ?? throw new InvalidOperationException("Not initialized");

    private string Mount => Disk.Path;

    private string Master => $"127.0.0.1:{_masterPort}";

    public async Task InitializeAsync()
    {
        _disk = await SmallDisk.Mount("8m");
        var master = Start("master", "--ip=127.0.0.1", $"--port={_masterPort}", $"--work_dir={_masterDir}", "--registry=in_memory");
        await master.WaitForOutput("recovered the registry", Deadline);
    }

    public async Task DisposeAsync()
    {
        foreach (var process in _processes) await process.DisposeAsync();
        _http.Dispose();
        if (Directory.Exists(_masterDir)) Directory.Delete(_masterDir, recursive: true);
        if (_disk is null) return;
        Sandboxes.KillProcessesIn(Mount);
        await _disk.DisposeAsync();
    }

    [Fact]
    public async Task A_checkpoint_that_does_not_fit_stops_the_agent_with_status_1_and_its_next_start_takes_back_what_ran()
    {
        var agent = await StartAgent();
        var framework = await TestFramework.Subscribe(Master, "full-disk", checkpoint: true, failoverTimeout: 3600);
        try
        {
            var offer = await framework.AnyOffer(Deadline);
            using (await framework.Send(TestFramework.Launch(offer, "before", "sleep 300", "cpus:0.1;mem:32"))) { }
            var pid = (int)(await framework.NextUpdate(s => s.State == TaskState.TaskRunning, Deadline)).ContainerStatus.ExecutorPid;

            var filler = Disk.Fill();
            var next = await framework.AnyOffer(Deadline);
            using (await framework.Send(TestFramework.Launch(next, "after", "sleep 300", "cpus:0.1;mem:32"))) { }

            (await agent.WaitForExit(Deadline)).Should().Be(1, string.Join('\n', agent.Lines()));
            agent.Lines().Should().Contain(line => line.Contains("Failed to checkpoint", StringComparison.Ordinal));
            Directory.GetDirectories(Mount, "after", SearchOption.AllDirectories).Should().BeEmpty("a task the agent could not checkpoint is not launched");
            Running(pid).Should().BeTrue("the agent stops; what runs is left for its next start");

            File.Delete(filler);
            await StartAgent();

            await Condition.Until(async () => await StateOnMaster("before") == "TASK_RUNNING", Deadline);
            Running(pid).Should().BeTrue();
        }
        finally
        {
            await framework.TearDown();
        }
    }

    private RunningMesos Start(params string[] args)
    {
        var process = RunningMesos.Start(args);
        _processes.Add(process);
        return process;
    }

    private async Task<RunningMesos> StartAgent()
    {
        var agent = Start("agent", $"--master={Master}", "--ip=127.0.0.1", $"--port={_agentPort}", $"--work_dir={Mount}/agent", "--resources=cpus:2;mem:1024");
        await agent.WaitForOutputs(ClusterFixture.AgentReady);
        return agent;
    }

    private async Task<string?> StateOnMaster(string taskId)
    {
        using var tasks = JsonDocument.Parse(await _http.GetStringAsync($"http://{Master}/master/tasks"));
        return tasks.RootElement.GetProperty("tasks").EnumerateArray()
            .Where(t => t.GetProperty("id").GetString() == taskId).Select(t => t.GetProperty("state").GetString()).FirstOrDefault();
    }

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
}
