using System.Net;
using System.Text;
using System.Text.Json;

namespace Mesos.Host.Tests.Chronos;

/// <summary>
/// Chronos, the master and the agent all killed (SIGKILL) while a run waits for an offer, then started again:
/// the run is neither lost nor run twice.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class ChronosFailoverTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly string _workDir = Path.Combine(Path.GetTempPath(), "mesos-chronos-failover-" + Guid.NewGuid().ToString("N"));
    private readonly int _masterPort = RunningMesos.FreePort();
    private readonly int _agentPort = RunningMesos.FreePort();
    private readonly int _chronosPort = RunningMesos.FreePort();
    private readonly HttpClient _http = new();
    private readonly List<RunningMesos> _processes = [];

    private string Master => $"127.0.0.1:{_masterPort}";

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_workDir);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var process in _processes) await process.DisposeAsync();
        _http.Dispose();
        Directory.Delete(_workDir, recursive: true);
    }

    private async Task<RunningMesos> Start(string waitFor, params string[] args)
    {
        var process = RunningMesos.Start(args);
        _processes.Add(process);
        await process.WaitForOutput(waitFor);
        return process;
    }

    // The agent comes back as a new agent (it does not recover its id), so the one the master recovered is
    // waited for until this timeout: until then the master answers nothing about tasks it cannot know.
    private Task<RunningMesos> StartMaster() =>
        Start("listening on", "master", "--ip=127.0.0.1", $"--port={_masterPort}", $"--work_dir={Path.Combine(_workDir, "master")}",
            "--agent_reregister_timeout=20secs");

    private Task<RunningMesos> StartAgent() =>
        Start("Subscribed to master", "agent", $"--master={Master}", "--ip=127.0.0.1", $"--port={_agentPort}",
            $"--work_dir={Path.Combine(_workDir, "agent")}", "--resources=cpus:2;mem:1024;disk:1024");

    private Task<RunningMesos> StartChronos() =>
        Start("Subscribed as framework", "chronos", $"--master={Master}", "--ip=127.0.0.1", $"--http_port={_chronosPort}",
            $"--work_dir={Path.Combine(_workDir, "chronos")}");

    private async Task<long> Successes(string job) =>
        JsonDocument.Parse(await _http.GetStringAsync($"http://127.0.0.1:{_chronosPort}/v1/scheduler/jobs")).RootElement.EnumerateArray()
            .Single(j => j.GetProperty("name").GetString() == job).GetProperty("successCount").GetInt64();

    [Fact]
    public async Task A_run_that_waited_for_an_offer_when_chronos_the_master_and_the_agent_were_killed_runs_once_they_are_back()
    {
        var master = await StartMaster();
        var agent = await StartAgent();
        var chronos = await StartChronos();
        using (var saved = await _http.PostAsync($"http://127.0.0.1:{_chronosPort}/v1/scheduler/iso8601",
            new StringContent("""{"name":"late","command":"true","schedule":"R/2030-01-01T00:00:00Z/P1D","mem":32,"disk":0}""", Encoding.UTF8, "application/json")))
        {
            saved.StatusCode.Should().Be(HttpStatusCode.NoContent);
        }

        await agent.Crash();
        using (var run = await _http.PutAsync($"http://127.0.0.1:{_chronosPort}/v1/scheduler/job/late", null))
        {
            run.StatusCode.Should().Be(HttpStatusCode.NoContent);
        }
        await chronos.Crash();
        await master.Crash();
        await StartMaster();
        // Chronos asks about its open run while the master still waits for the agent it recovered, and gets
        // no answer: it must ask again once the master has given up on that agent.
        chronos = await StartChronos();
        await StartAgent();

        using var deadline = new CancellationTokenSource(Patience);
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        while (await Successes("late") == 0)
        {
            try
            {
                await poll.WaitForNextTickAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The run never ran; Chronos printed:\n{string.Join('\n', chronos.Lines())}");
            }
        }
        var tasks = JsonDocument.Parse(await _http.GetStringAsync($"http://{Master}/master/tasks?limit=100000")).RootElement.GetProperty("tasks").EnumerateArray()
            .Where(t => t.GetProperty("name").GetString() == "ChronosTask:late").Select(t => t.GetProperty("state").GetString()).ToList();

        tasks.Should().Equal("TASK_FINISHED");
        (await Successes("late")).Should().Be(1);
    }
}
