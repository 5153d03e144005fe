using System.Net;
using System.Text;
using System.Text.Json;

namespace Mesos.Host.Tests.Chronos;

/// <summary>`mesos chronos` as a process against a real master and agent, through its REST API.</summary>
[Collection(TimingSensitive.Name)]
public sealed class ChronosProcessTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly HttpClient _http = new();
    private readonly WebhookRecorder _webhook = new();
    private readonly int _port = RunningMesos.FreePort();
    private readonly string _workDir = Path.Combine(cluster.WorkDir, "chronos-" + Guid.NewGuid().ToString("N"));
    private RunningMesos _chronos = null!;

    private string Url(string path) => $"http://127.0.0.1:{_port}{path}";

    public async Task InitializeAsync() => _chronos = await StartChronos();

    public async Task DisposeAsync()
    {
        await _chronos.DisposeAsync();
        _http.Dispose();
        _webhook.Dispose();
    }

    private async Task<RunningMesos> StartChronos()
    {
        var chronos = RunningMesos.Start("chronos", $"--master={cluster.Master}", "--ip=127.0.0.1", $"--http_port={_port}", $"--work_dir={_workDir}",
            $"--http_notification_url={_webhook.Url("/hook")}");
        await chronos.WaitForOutput("Chronos listening on");
        return chronos;
    }

    private async Task<HttpStatusCode> Post(string path, string json)
    {
        using var response = await _http.PostAsync(Url(path), new StringContent(json, Encoding.UTF8, "application/json"));
        return response.StatusCode;
    }

    private async Task<JsonElement> Job(string name)
    {
        var jobs = JsonDocument.Parse(await _http.GetStringAsync(Url("/v1/scheduler/jobs"))).RootElement;
        return jobs.EnumerateArray().Single(j => j.GetProperty("name").GetString() == name).Clone();
    }

    private async Task<JsonElement> WaitForJob(string name, Func<JsonElement, bool> condition)
    {
        using var deadline = new CancellationTokenSource(Patience);
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        while (true)
        {
            var job = await Job(name);
            if (condition(job)) return job;
            try
            {
                await poll.WaitForNextTickAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Job {name} is still {job}; Chronos printed:\n{string.Join('\n', _chronos.Lines())}\n{cluster.Output()}");
            }
        }
    }

    [Fact]
    public async Task A_job_every_2s_runs_again_and_again_and_its_jobs_survive_a_crash_of_chronos()
    {
        (await Post("/v1/scheduler/iso8601", """{"name":"tick","command":"true","schedule":"R//PT2S","cpus":0.1,"mem":32,"disk":0}"""))
            .Should().Be(HttpStatusCode.NoContent);

        var before = await WaitForJob("tick", j => j.GetProperty("successCount").GetInt64() >= 3);
        await _chronos.Crash();
        _chronos = await StartChronos();
        var recovered = await Job("tick");

        recovered.GetProperty("successCount").GetInt64().Should().BeGreaterThanOrEqualTo(before.GetProperty("successCount").GetInt64());
        recovered.GetProperty("schedule").GetString().Should().Be("R//PT2S");
        before.GetProperty("errorCount").GetInt64().Should().Be(0);
    }

    [Fact]
    public async Task A_dependent_job_runs_after_both_parents_succeeded_and_a_failing_job_retries_then_counts_an_error_and_notifies()
    {
        var owner = _webhook.Url("/owner");
        // The parents run when told, once their dependent exists: as in Chronos, a dependent runs on its parents' successes
        // after it was made, and parents that ran before it was (they take a fraction of a second) leave it waiting.
        (await Post("/v1/scheduler/iso8601", """{"name":"extract","command":"true","schedule":"R1/2099-01-01T00:00:00Z/PT1M","mem":32,"disk":0}""")).Should().Be(HttpStatusCode.NoContent);
        (await Post("/v1/scheduler/iso8601", """{"name":"load","command":"true","schedule":"R1/2099-01-01T00:00:00Z/PT1M","mem":32,"disk":0}""")).Should().Be(HttpStatusCode.NoContent);
        (await Post("/v1/scheduler/dependency", """{"name":"report","command":"true","parents":["extract","load"],"mem":32,"disk":0}""")).Should().Be(HttpStatusCode.NoContent);
        foreach (var parent in new[] { "extract", "load" })
        {
            using var started = await _http.PutAsync(Url($"/v1/scheduler/job/{parent}"), null);
            started.StatusCode.Should().Be(HttpStatusCode.NoContent);
        }
        (await Post("/v1/scheduler/iso8601", $$"""{"name":"flaky","command":"exit 3","schedule":"R1//PT1M","retries":1,"mem":32,"disk":0,"owner":"ops@example.com,{{owner}}"}"""))
            .Should().Be(HttpStatusCode.NoContent);

        var report = await WaitForJob("report", j => j.GetProperty("successCount").GetInt64() == 1);
        var flaky = await WaitForJob("flaky", j => j.GetProperty("errorCount").GetInt64() == 1);
        var stat = JsonDocument.Parse(await _http.GetStringAsync(Url("/v1/scheduler/job/stat/flaky"))).RootElement;
        var dot = await _http.GetStringAsync(Url("/v1/scheduler/graph/dot"));
        var hook = await _webhook.WaitFor("/hook", posts => posts.Any(p => Is(p, "flaky", "failure")) && posts.Any(p => Is(p, "report", "success")), Patience);
        var toOwner = await _webhook.WaitFor("/owner", posts => posts.Count > 0, Patience);

        report.GetProperty("parents").EnumerateArray().Select(p => p.GetString()).Should().Equal("extract", "load");
        flaky.GetProperty("successCount").GetInt64().Should().Be(0);
        stat.GetProperty("taskStatHistory").EnumerateArray().Select(r => r.GetProperty("attempt").GetInt32()).Should().BeEquivalentTo([0, 1]);
        stat.GetProperty("taskStatHistory").EnumerateArray().Should().AllSatisfy(r => r.GetProperty("taskState").GetString().Should().Be("TASK_FAILED"));
        dot.Should().Contain("\"extract\" -> \"report\"");
        hook.Where(p => p.GetProperty("job").GetString() == "flaky").Should().ContainSingle()
            .Which.GetProperty("attempt").GetInt32().Should().Be(1, "only the failure after the last retry is told");
        toOwner.Should().ContainSingle().Which.GetProperty("status").GetString().Should().Be("failure");
    }

    private static bool Is(JsonElement post, string job, string status) =>
        post.GetProperty("job").GetString() == job && post.GetProperty("status").GetString() == status;

    [Fact]
    public async Task Bad_jobs_are_refused_with_their_reasons_and_unknown_jobs_are_404()
    {
        using var malformed = await _http.PostAsync(Url("/v1/scheduler/iso8601"), new StringContent("{\"name\":", Encoding.UTF8, "application/json"));
        using var wrongType = await _http.PostAsync(Url("/v1/scheduler/iso8601"), new StringContent("""{"name":"x","command":"true","schedule":"R//PT1S","cpus":"NaN"}""", Encoding.UTF8, "application/json"));
        using var invalid = await _http.PostAsync(Url("/v1/scheduler/iso8601"), new StringContent("""{"name":"../x","command":"true","schedule":"R/yesterday/PT1S"}""", Encoding.UTF8, "application/json"));
        using var cycle = await _http.PostAsync(Url("/v1/scheduler/dependency"), new StringContent("""{"name":"orphan","command":"true","parents":["nope"]}""", Encoding.UTF8, "application/json"));
        using var run = await _http.PutAsync(Url("/v1/scheduler/job/nope"), null);

        malformed.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        wrongType.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await wrongType.Content.ReadAsStringAsync()).Should().Contain("cpus");
        invalid.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await invalid.Content.ReadAsStringAsync()).Should().Contain("name").And.Contain("yesterday");
        cycle.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await cycle.Content.ReadAsStringAsync()).Should().Contain("nope");
        run.StatusCode.Should().Be(HttpStatusCode.NotFound);
        JsonDocument.Parse(await _http.GetStringAsync(Url("/v1/scheduler/jobs"))).RootElement.EnumerateArray()
            .Select(j => j.GetProperty("name").GetString()).Should().NotContain(["x", "../x", "orphan"]);
    }
}
