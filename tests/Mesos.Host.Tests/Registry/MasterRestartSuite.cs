using System.Net;
using System.Text;
using System.Text.Json;
using Mesos.V1;
using Mesos.V1.Scheduler;
using Resources = Mesos.Actors.Protocol.Resources;
using Task = System.Threading.Tasks.Task;

namespace Mesos.Host.Tests.Registry;

/// <summary>
/// kill -9 of a master while a framework runs tasks, with weights and quota set, and the master started
/// again on the same registry: the agent registers again with its tasks, the framework subscribes again
/// with its id, weights and quota are back, and explicit reconciliation answers every task's true state.
/// The same on SQLite (the work dir's file) and on PostgreSQL.
/// </summary>
public abstract class MasterRestartSuite : IAsyncLifetime
{
    private readonly HttpClient _http = new();
    private readonly List<RunningMesos> _processes = [];

    protected string WorkDir { get; } = Path.Combine(Path.GetTempPath(), "mesos-restart-" + Guid.NewGuid().ToString("N"));
    private int MasterPort { get; } = RunningMesos.FreePort();
    private string Master => $"127.0.0.1:{MasterPort}";
    private string[] _storeFlags = [];

    /// <summary>The flags that name the registry's store (none: SQLite under the work dir).</summary>
    protected abstract Task<string[]> StoreFlags();

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(WorkDir);
        _storeFlags = await StoreFlags();
    }

    public async Task DisposeAsync()
    {
        foreach (var process in _processes) await process.DisposeAsync();
        Sandboxes.KillProcessesIn(WorkDir);
        _http.Dispose();
        Directory.Delete(WorkDir, recursive: true);
    }

    private async Task<RunningMesos> StartMaster()
    {
        var master = RunningMesos.Start(["master", "--ip=127.0.0.1", $"--port={MasterPort}", $"--work_dir={WorkDir}/master", .. _storeFlags]);
        _processes.Add(master);
        await master.WaitForOutput("recovered the registry", TimeSpan.FromSeconds(60));
        return master;
    }

    private async Task<HttpStatusCode> Post(string path, string json)
    {
        using var response = await _http.PostAsync($"http://{Master}{path}", new StringContent(json, Encoding.UTF8, "application/json"));
        return response.StatusCode;
    }

    private async Task<JsonElement> Get(string path) => JsonDocument.Parse(await _http.GetStringAsync($"http://{Master}{path}")).RootElement;

    [Fact]
    public async Task A_master_killed_and_started_again_recovers_frameworks_weights_quota_and_every_task()
    {
        var master = await StartMaster();
        var agent = RunningMesos.Start("agent", $"--master={Master}", "--ip=127.0.0.1", $"--port={RunningMesos.FreePort()}",
            $"--work_dir={WorkDir}/agent", "--resources=cpus:2;mem:512");
        _processes.Add(agent);
        await agent.WaitForOutputs(ClusterFixture.AgentReady);

        var framework = await TestFramework.Subscribe(Master, "survivor", failoverTimeout: 3600);
        var frameworkId = framework.FrameworkId;
        var offer = (await framework.Next(e => e.Type == Event.Types.Type.Offers)).Offers.Offers_[0];
        var tasks = new[] { "t1", "t2" }.Select(id => new TaskInfo
        {
            Name = id, TaskId = new() { Value = id }, AgentId = offer.AgentId,
            Command = new() { Value = "sleep 300" }, Resources = { Resources.Parse("cpus:0.1;mem:32").ToProtos() },
        }).ToList();
        using (await framework.Send(new Call
        {
            Type = Call.Types.Type.Accept,
            Accept = new() { OfferIds = { offer.Id }, Operations = { new Offer.Types.Operation { Type = Offer.Types.Operation.Types.Type.Launch, Launch = new() { TaskInfos = { tasks } } } } },
        })) { }
        var running = new HashSet<string>();
        while (running.Count < 2) running.Add((await framework.NextUpdate(s => s.State == TaskState.TaskRunning)).TaskId.Value);
        (await WeightsApi.Update(_http, Master, "batch", 3)).Status.Should().Be(HttpStatusCode.OK);
        (await Post("/api/v1", """{"type":"UPDATE_QUOTA","update_quota":{"force":true,"quota_configs":[{"role":"ml","guarantees":{"cpus":1},"limits":{"cpus":2}}]}}"""))
            .Should().Be(HttpStatusCode.OK);

        await master.Crash();
        await framework.DisposeAsync();
        await StartMaster();

        await agent.WaitForOutput("Subscribed to master", TimeSpan.FromSeconds(90));
        var agents = (await Get("/master/slaves")).GetProperty("slaves");
        agents.EnumerateArray().Select(a => a.GetProperty("id").GetString()).Should().Equal(offer.AgentId.Value);
        var again = await TestFramework.Subscribe(Master, "survivor", frameworkId: frameworkId, failoverTimeout: 3600);
        try
        {
            again.FrameworkId.Should().Be(frameworkId);
            await Recovered(again, tasks);
        }
        finally
        {
            await again.TearDown();
        }
    }

    private async Task Recovered(TestFramework again, IReadOnlyList<TaskInfo> tasks)
    {
        (await WeightsApi.Get(_http, Master)).Should().Contain("batch", 3);
        (await Get("/master/quota")).GetProperty("infos").EnumerateArray().Should().ContainSingle(q => q.GetProperty("role").GetString() == "ml");

        using (await again.Send(new Call
        {
            Type = Call.Types.Type.Reconcile,
            Reconcile = new() { Tasks = { tasks.Select(t => new Call.Types.Reconcile.Types.Task { TaskId = t.TaskId, AgentId = t.AgentId }) } },
        })) { }
        var reconciled = new Dictionary<string, TaskState>();
        while (reconciled.Count < 2)
        {
            var status = (await again.Next(e => e.Type == Event.Types.Type.Update)).Update.Status;
            reconciled[status.TaskId.Value] = status.State;
        }
        reconciled.Should().BeEquivalentTo(new Dictionary<string, TaskState> { ["t1"] = TaskState.TaskRunning, ["t2"] = TaskState.TaskRunning });
    }
}

[Collection(TimingSensitive.Name)]
public sealed class SqliteMasterRestartTests : MasterRestartSuite
{
    protected override Task<string[]> StoreFlags() => Task.FromResult<string[]>([]);
}

[Collection(TimingSensitive.Name)]
public sealed class PostgresMasterRestartTests : MasterRestartSuite
{
    protected override async Task<string[]> StoreFlags() => [$"--registry_store={await TestStores.NewPostgresDatabase()}"];
}
