using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;

namespace Mesos.Host.Tests.Chronos;

/// <summary>
/// `mesos chronos` killed (SIGKILL) during a run and between runs of a job every 2 s, against a real master
/// and agent: the history the master and Chronos keep is checked for runs missed beyond epsilon and runs
/// that ran twice.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class ChronosCrashTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>, IAsyncLifetime
{
    private const string JobName = "beat";
    private static readonly Duration Period = Duration.FromSeconds(2);
    private static readonly Duration Epsilon = Duration.FromSeconds(20);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly HttpClient _http = new();
    private readonly int _port = RunningMesos.FreePort();
    private readonly string _workDir = Path.Combine(cluster.WorkDir, "chronos-" + Guid.NewGuid().ToString("N"));
    private RunningMesos _chronos = null!;

    public async Task InitializeAsync() => _chronos = await StartChronos();

    public async Task DisposeAsync()
    {
        await _chronos.DisposeAsync();
        _http.Dispose();
    }

    [Fact]
    public async Task Killing_chronos_during_a_run_and_between_runs_misses_no_run_beyond_epsilon_and_runs_none_twice()
    {
        var start = Instant.FromUnixTimeSeconds(SystemClock.Instance.GetCurrentInstant().ToUnixTimeSeconds() + 3);
        var job = $$"""{"name":"{{JobName}}","command":"sleep 1","schedule":"R/{{InstantPattern.General.Format(start)}}/PT2S","epsilon":"PT20S","cpus":0.1,"mem":32,"disk":0}""";
        using (var saved = await _http.PostAsync(Url("/v1/scheduler/iso8601"), new StringContent(job, Encoding.UTF8, "application/json")))
        {
            saved.StatusCode.Should().Be(HttpStatusCode.NoContent);
        }
        await WaitForSuccesses(2);

        await WaitForTasks(tasks => tasks.Any(t => t.State == "TASK_RUNNING"), "a run of the job running");
        await _chronos.Crash();
        _chronos = await StartChronos();
        await WaitForSuccesses(await Successes() + 2);

        await WaitForTasks(tasks => tasks.Count > 0 && tasks.All(t => t.Terminal), "no run of the job going");
        await _chronos.Crash();
        _chronos = await StartChronos();
        await WaitForSuccesses(await Successes() + 3);

        // Chronos counts exactly the runs the master saw finish: none lost from its records, none counted twice.
        var tasks = await WaitForTasks(async tasks =>
            tasks.Count(t => t.State == "TASK_FINISHED") == await Successes() && tasks.All(t => t.Terminal), "Chronos' count to match the master's");
        var runs = tasks.Select(t => RunHistoryChecker.Run.FromTaskId(t.Id, t.Started)).ToList();
        var report = RunHistoryChecker.Check(RunHistoryChecker.Targets(start, Period, runs.Max(r => r.Due)), runs, Epsilon);

        report.Missed.Should().BeEmpty("{0}; the master's runs: {1}", report, string.Join(", ", runs));
        report.Duplicates.Should().BeEmpty("{0}", report);
        tasks.Should().OnlyContain(t => t.State == "TASK_FINISHED");
    }

    private sealed record MasterTask(string Id, string State, Instant Started, bool Terminal);

    private string Url(string path) => $"http://127.0.0.1:{_port}{path}";

    private async Task<RunningMesos> StartChronos()
    {
        var chronos = RunningMesos.Start("chronos", $"--master={cluster.Master}", "--ip=127.0.0.1", $"--http_port={_port}", $"--work_dir={_workDir}");
        await chronos.WaitForOutput("Chronos listening on");
        return chronos;
    }

    private async Task<long> Successes()
    {
        var jobs = JsonDocument.Parse(await _http.GetStringAsync(Url("/v1/scheduler/jobs"))).RootElement;
        return jobs.EnumerateArray().Single(j => j.GetProperty("name").GetString() == JobName).GetProperty("successCount").GetInt64();
    }

    private Task WaitForSuccesses(long count) => WaitFor(async () => await Successes() >= count, $"{count} successes of {JobName}");

    /// <summary>The job's tasks as the master lists them, with when each started (its first status).</summary>
    private async Task<IReadOnlyList<MasterTask>> Tasks()
    {
        var root = JsonDocument.Parse(await _http.GetStringAsync(cluster.MasterUrl("/master/tasks?limit=100000"))).RootElement;
        return root.GetProperty("tasks").EnumerateArray()
            .Where(t => t.GetProperty("name").GetString() == "ChronosTask:" + JobName)
            .Select(t =>
            {
                var statuses = t.GetProperty("statuses").EnumerateArray().ToList();
                var started = statuses.Count == 0 ? SystemClock.Instance.GetCurrentInstant()
                    : Instant.FromUnixTimeTicks((long)(statuses[0].GetProperty("timestamp").GetDouble() * NodaConstants.TicksPerSecond));
                var state = t.GetProperty("state").GetString()!;
                return new MasterTask(t.GetProperty("id").GetString()!, state, started, state is not ("TASK_STAGING" or "TASK_STARTING" or "TASK_RUNNING"));
            })
            .ToList();
    }

    private Task<IReadOnlyList<MasterTask>> WaitForTasks(Func<IReadOnlyList<MasterTask>, bool> condition, string what) =>
        WaitForTasks(tasks => Task.FromResult(condition(tasks)), what);

    private async Task<IReadOnlyList<MasterTask>> WaitForTasks(Func<IReadOnlyList<MasterTask>, Task<bool>> condition, string what)
    {
        IReadOnlyList<MasterTask> tasks = [];
        await WaitFor(async () => await condition(tasks = await Tasks()), what);
        return tasks;
    }

    private async Task WaitFor(Func<Task<bool>> condition, string what)
    {
        using var deadline = new CancellationTokenSource(Patience);
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (!await condition())
        {
            try
            {
                await poll.WaitForNextTickAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                var tasks = string.Join(", ", await Tasks());
                throw new TimeoutException(string.Create(CultureInfo.InvariantCulture,
                    $"No {what} within {Patience.TotalSeconds}s; the master's tasks: {tasks}; Chronos printed:\n{string.Join('\n', _chronos.Lines())}"));
            }
        }
    }
}
