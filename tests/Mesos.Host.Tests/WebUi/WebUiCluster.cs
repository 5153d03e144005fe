using System.Net;
using Mesos.V1;
using Mesos.V1.Scheduler;
using Resources = Mesos.Actors.Protocol.Resources;
using Task = System.Threading.Tasks.Task;

namespace Mesos.Host.Tests.WebUi;

/// <summary>
/// What the web UI's tests look at: a `mesos master` named ui-test and two `mesos agent`s as separate
/// processes, a framework whose tasks finished, failed and keep running, and one that waits (it declined
/// every offer for a long time and suppressed its role, for which the agents reserve resources). Built once for the browser tests.
/// </summary>
public sealed class WebUiCluster : IAsyncLifetime
{
    public const string ClusterName = "ui-test";
    public const string FrameworkName = "web-ui-test";
    public const string WaitingFrameworkName = "waits-for-offers";

    /// <summary>The waiting framework's role, for which each agent reserves a little: nobody else is offered it.</summary>
    public const string WaitingRole = "batch";

    private readonly List<RunningMesos> _processes = [];

    public string WorkDir { get; } = Path.Combine(Path.GetTempPath(), "mesos-webui-" + Guid.NewGuid().ToString("N"));
    public int MasterPort { get; } = RunningMesos.FreePort();
    public string Master => $"127.0.0.1:{MasterPort}";
    public string Url => $"http://{Master}/";
    public string[] AgentIds { get; private set; } = [];
    internal TestFramework Framework { get; private set; } = null!;
    internal TestFramework Waiting { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(WorkDir);
        var master = RunningMesos.Start("master", "--ip=127.0.0.1", $"--port={MasterPort}", $"--work_dir={Path.Combine(WorkDir, "master")}", $"--cluster={ClusterName}");
        _processes.Add(master);
        await master.WaitForOutput("listening on");
        foreach (var rack in new[] { "a", "b" })
        {
            var agent = RunningMesos.Start("agent", $"--master={Master}", "--ip=127.0.0.1", $"--port={RunningMesos.FreePort()}",
                $"--work_dir={Path.Combine(WorkDir, "agent-" + rack)}", $"--resources=cpus:2;mem:1024;disk:2048;ports:{TaskPortBlocks.Next()};cpus({WaitingRole}):0.5;mem({WaitingRole}):128", $"--attributes=rack:{rack}");
            _processes.Add(agent);
            await agent.WaitForOutputs(ClusterFixture.AgentReady);
        }

        Framework = await TestFramework.Subscribe(Master, FrameworkName);
        var offers = await OffersFromEveryAgent(Framework);
        AgentIds = [.. offers.Select(o => o.AgentId.Value)];
        await Launch(Framework, offers[0], ("finishes", "echo finished"), ("keeps-running", "echo hello from the task; sleep 600"));
        await Launch(Framework, offers[1], ("fails", "echo broken >&2; exit 3"));
        var latest = new Dictionary<string, TaskState>();
        var expected = new Dictionary<string, TaskState> { ["finishes"] = TaskState.TaskFinished, ["fails"] = TaskState.TaskFailed, ["keeps-running"] = TaskState.TaskRunning };
        while (!expected.All(e => latest.GetValueOrDefault(e.Key) == e.Value))
        {
            var status = await Framework.NextUpdate(_ => true, TimeSpan.FromSeconds(60));
            latest[status.TaskId.Value] = status.State;
        }

        // A framework that gets nothing: it turned down every offer for ten minutes, then suppressed its role.
        Waiting = await TestFramework.Subscribe(Master, WaitingFrameworkName, role: WaitingRole);
        foreach (var offer in await OffersFromEveryAgent(Waiting))
        {
            using var declined = await Waiting.Send(new Call { Type = Call.Types.Type.Decline, Decline = new() { OfferIds = { offer.Id }, Filters = new() { RefuseSeconds = 600 } } });
            declined.StatusCode.Should().Be(HttpStatusCode.Accepted);
        }
        using var suppressed = await Waiting.Send(new Call { Type = Call.Types.Type.Suppress });
        suppressed.StatusCode.Should().Be(HttpStatusCode.Accepted);
    }

    /// <summary>Launches a task on an offer the framework holds.</summary>
    internal async Task LaunchOnAnOffer(string taskId, string command) =>
        await Launch(Framework, await Framework.AnyOffer(TimeSpan.FromSeconds(60)), (taskId, command));

    private static async Task<List<Offer>> OffersFromEveryAgent(TestFramework framework)
    {
        var byAgent = new Dictionary<string, Offer>();
        while (byAgent.Count < 2)
        {
            foreach (var offer in (await framework.Next(e => e.Type == Event.Types.Type.Offers, TimeSpan.FromSeconds(60))).Offers.Offers_)
            {
                byAgent.TryAdd(offer.AgentId.Value, offer);
            }
        }
        return [.. byAgent.Values.OrderBy(o => o.AgentId.Value, StringComparer.Ordinal)];
    }

    private static async Task Launch(TestFramework framework, Offer offer, params (string Id, string Command)[] tasks)
    {
        var launch = new Offer.Types.Operation.Types.Launch();
        foreach (var (id, command) in tasks)
        {
            launch.TaskInfos.Add(new TaskInfo
            {
                Name = id, TaskId = new() { Value = id }, AgentId = offer.AgentId,
                Command = new() { Value = command }, Resources = { Resources.Parse("cpus:0.25;mem:64").ToProtos() },
            });
        }
        using var accepted = await framework.Send(new Call
        {
            Type = Call.Types.Type.Accept,
            Accept = new() { OfferIds = { offer.Id }, Operations = { new Offer.Types.Operation { Type = Offer.Types.Operation.Types.Type.Launch, Launch = launch } } },
        });
        accepted.StatusCode.Should().Be(HttpStatusCode.Accepted);
    }

    public async Task DisposeAsync()
    {
        if (Waiting is not null) await Waiting.DisposeAsync();
        if (Framework is not null) await Framework.TearDown();
        foreach (var process in _processes) await process.DisposeAsync();
        Directory.Delete(WorkDir, recursive: true);
    }
}
