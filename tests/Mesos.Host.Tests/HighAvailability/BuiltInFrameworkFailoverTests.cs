using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Mesos.Host.Tests.Chronos;
using Mesos.Host.Tests.Marathon;
using NodaTime;
using NodaTime.Text;
using Task = System.Threading.Tasks.Task;

namespace Mesos.Host.Tests.HighAvailability;

/// <summary>
/// Three `mesos master --marathon` (or `--chronos`) processes on one SQLite registry and an agent, all real
/// processes on loopback: only the leader's framework acts, the followers' ports forward Marathon's clients to it
/// (and send Chronos' there with 307), and when the leader is killed with kill -9 the new leader's framework takes over the same state from the store.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed partial class BuiltInFrameworkFailoverTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task Killing_the_leading_master_in_the_middle_of_a_Marathon_deployment_finishes_it_after_the_takeover_with_no_extra_or_missing_instance()
    {
        await using var cluster = new HaCluster("marathon");
        var (leader, ports) = await Serving(cluster, "marathon");
        var follower = Enumerable.Range(0, ports.Length).First(i => i != leader);

        var named = (await Json($"http://127.0.0.1:{ports[leader]}/v2/leader")).GetProperty("leader").GetString();
        named.Should().EndWith($":{ports[leader]}");
        // A follower's Marathon stands by once its master has started, which may be after the leader answers.
        (await Poll($"http://127.0.0.1:{ports[follower]}/v2/leader", _ => true, "the follower's Marathon standing by")).GetProperty("leader").GetString()
            .Should().Be(named, "a follower names the leader as it names itself");
        using (var proxied = await _http.GetAsync($"http://127.0.0.1:{ports[follower]}/v2/apps?embed=apps.tasks"))
        {
            proxied.StatusCode.Should().Be(HttpStatusCode.OK, "a follower forwards the request to the leader's Marathon, as Marathon does");
            proxied.Headers.GetValues("X-Marathon-Leader").Should().Equal($"http://{named}");
            JsonDocument.Parse(await proxied.Content.ReadAsStringAsync()).RootElement.GetProperty("apps").GetArrayLength().Should().Be(0);
        }
        using (var loop = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{ports[follower]}/v2/apps"))
        {
            loop.Headers.TryAddWithoutValidation("X-Marathon-Via", $"1.1 {Environment.MachineName}:{ports[follower]}");
            using var looped = await _http.SendAsync(loop);
            looped.StatusCode.Should().Be((HttpStatusCode)508, "a request that passed this instance before went round in a loop");
        }
        cluster.Masters[follower]!.Lines().Should().Contain(l => l.Contains("Marathon stands by", StringComparison.Ordinal))
            .And.NotContain(l => l.Contains("Marathon listening on", StringComparison.Ordinal), "only the leader's Marathon acts");

        // The follower streams the leader's events as they come, and forwards a request's body.
        using var events = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{ports[follower]}/v2/events?event_type=deployment_info"),
            HttpCompletionOption.ResponseHeadersRead);
        events.StatusCode.Should().Be(HttpStatusCode.OK);
        events.Content.Headers.ContentType!.MediaType.Should().Be("text/event-stream");
        using var eventLines = new StreamReader(await events.Content.ReadAsStreamAsync());
        var app = $"http://127.0.0.1:{ports[leader]}/v2/apps/ha";
        // The tasks pass their health check only a few seconds after they start, so that the scaling deployment is
        // still under way when the test sees its tasks launched: without one, it could end between two looks.
        (await Send(HttpMethod.Post, $"http://127.0.0.1:{ports[follower]}/v2/apps", """
            {"id":"/ha","cmd":"sleep 4; touch ready; exec sleep 1000","cpus":0.1,"mem":32,"instances":2,
             "healthChecks":[{"protocol":"COMMAND","command":{"value":"test -f ready"},"gracePeriodSeconds":60,"intervalSeconds":1,"timeoutSeconds":2,"delaySeconds":0}]}
            """)).Should().Be(HttpStatusCode.Created);
        using (var reading = new CancellationTokenSource(Patience))
        {
            while (await eventLines.ReadLineAsync(reading.Token) is { } line && line != "event: deployment_info")
            {
            }
            (await eventLines.ReadLineAsync(reading.Token)).Should().StartWith("data: ").And.Contain("\"/ha\"", "the deployment of the app posted through the follower");
        }
        await Poll(app, a => MarathonUnderTest.AllHealthy(a.GetProperty("app"), 2) && a.GetProperty("app").GetProperty("deployments").GetArrayLength() == 0,
            "two instances healthy, their deployment over");
        (await Send(HttpMethod.Put, app, """{"instances":10}""")).Should().Be(HttpStatusCode.OK);
        await Poll(app, a => a.GetProperty("app").GetProperty("tasks").GetArrayLength() > 2 && a.GetProperty("app").GetProperty("deployments").GetArrayLength() == 1,
            "the scaling deployment under way, with tasks launched");

        await cluster.Crash(leader);

        var next = await cluster.LeaderAnswering(except: leader);
        var scaled = (await Poll($"http://127.0.0.1:{ports[next]}/v2/apps/ha", a => MarathonUnderTest.AllHealthy(a.GetProperty("app"), 10),
            "the deployment finished by the new leader's Marathon", cluster.Masters[next])).GetProperty("app");
        (await Json($"http://127.0.0.1:{ports[next]}/v2/deployments")).GetArrayLength().Should().Be(0);
        var ids = MarathonUnderTest.TaskIds(scaled).ToList();
        var tasks = await cluster.LeaderTasks(t => ids.All(id => t.Any(x => x.Id == id && x.State == "TASK_RUNNING")));
        tasks.Where(t => t.Id.StartsWith("ha.", StringComparison.Ordinal) && t.State is "TASK_STAGING" or "TASK_STARTING" or "TASK_RUNNING").Select(t => t.Id)
            .Should().BeEquivalentTo(ids, "the master runs exactly the app's 10 instances");
        var lines = cluster.Masters[next]!.Lines();
        lines.Should().Contain(l => l.Contains("Tasks reconciled", StringComparison.Ordinal), "tasks are reconciled before any decision");
        var third = Enumerable.Range(0, ports.Length).Single(i => i != leader && i != next);
        (await Json($"http://127.0.0.1:{ports[third]}/v2/leader")).GetProperty("leader").GetString()
            .Should().Be((await Json($"http://127.0.0.1:{ports[next]}/v2/leader")).GetProperty("leader").GetString());
    }

    [Fact]
    public async Task Marathon_apps_spread_over_the_masters_and_an_app_keeps_its_definition_and_instances_when_the_master_holding_it_is_killed()
    {
        await using var cluster = new HaCluster("marathon");
        var (leader, ports) = await Serving(cluster, "marathon");

        var ids = Enumerable.Range(1, 6).Select(i => $"/spread/app-{i}").ToList();
        foreach (var id in ids)
        {
            (await Send(HttpMethod.Post, $"http://127.0.0.1:{ports[leader]}/v2/apps", $$"""{"id":"{{id}}","cmd":"sleep 1000","cpus":0.1,"mem":16}"""))
                .Should().Be(HttpStatusCode.Created);
        }
        await Poll($"http://127.0.0.1:{ports[leader]}/v2/apps?embed=apps.tasks",
            a => a.GetProperty("apps").EnumerateArray().Count(app => MarathonUnderTest.AllRunning(app, 1)) == ids.Count, "every app running");
        var holders = await Holders(ids, id => Holder(cluster, id, Enumerable.Range(0, 3)), "app");

        // The leader's own, when it holds one, so that the scheduler fails over with it.
        var victim = holders.ContainsValue(leader) ? leader : holders.Values.First();
        var moved = holders.First(h => h.Value == victim).Key;
        var before = (await Json($"http://127.0.0.1:{ports[leader]}/v2/apps{moved}")).GetProperty("app");
        await cluster.Crash(victim);

        var next = await cluster.LeaderAnswering(except: victim);
        var survivors = Enumerable.Range(0, 3).Where(i => i != victim).ToList();
        await Until(() => Holder(cluster, moved, survivors) is not null, $"the entity of {moved} started again on another master", cluster.Masters[next]);
        var after = (await Poll($"http://127.0.0.1:{ports[next]}/v2/apps{moved}", a => MarathonUnderTest.AllRunning(a.GetProperty("app"), 1),
            $"{moved} running after the kill", cluster.Masters[next])).GetProperty("app");
        after.GetProperty("cmd").GetString().Should().Be("sleep 1000");
        after.GetProperty("version").GetString().Should().Be(before.GetProperty("version").GetString(), "the definition is the one created");
        MarathonUnderTest.TaskIds(after).Should().Equal(MarathonUnderTest.TaskIds(before), "the instance is the one launched before, not a new one");

        // The entity, now on another master, records again: the app scales, and its first instance stays.
        (await Send(HttpMethod.Put, $"http://127.0.0.1:{ports[next]}/v2/apps{moved}", """{"instances":2}""")).Should().Be(HttpStatusCode.OK);
        var scaled = (await Poll($"http://127.0.0.1:{ports[next]}/v2/apps{moved}", a => MarathonUnderTest.AllRunning(a.GetProperty("app"), 2),
            $"{moved} scaled to two", cluster.Masters[next])).GetProperty("app");
        MarathonUnderTest.TaskIds(scaled).Should().Contain(MarathonUnderTest.TaskIds(before));
    }

    // Which of the masters logged that it keeps the app's entity.
    private static int? Holder(HaCluster cluster, string appId, IEnumerable<int> masters) =>
        masters.Where(i => cluster.Masters[i]?.Lines().Any(l => l.Contains($"Marathon app {appId} is kept here", StringComparison.Ordinal)) == true)
            .Select(i => (int?)i).FirstOrDefault();

    [Fact]
    public async Task Killing_the_leading_master_during_a_Chronos_run_and_between_runs_misses_no_run_beyond_epsilon_and_runs_none_twice()
    {
        var period = Duration.FromSeconds(2);
        // As much as a takeover may take on a loaded machine: the new leader, its Chronos started and subscribed.
        var epsilon = Duration.FromSeconds(60);
        await using var cluster = new HaCluster("chronos");
        var (leader, ports) = await Serving(cluster, "chronos");
        var follower = Enumerable.Range(0, ports.Length).First(i => i != leader);
        var named = (await Json($"http://127.0.0.1:{ports[leader]}/leader")).GetProperty("leader").GetString();
        (await Json($"http://127.0.0.1:{ports[follower]}/leader")).GetProperty("leader").GetString().Should().Be(named, "a follower names the leader as it names itself");
        using (var redirected = await _http.GetAsync($"http://127.0.0.1:{ports[follower]}/v1/scheduler/jobs"))
        {
            redirected.StatusCode.Should().Be(HttpStatusCode.TemporaryRedirect);
            redirected.Headers.Location.Should().Be(new Uri($"http://{named}/v1/scheduler/jobs"));
        }

        // Each run writes down its task id and when it started, on the agent's machine: a record no master or Chronos keeps.
        var runs = Path.Combine(cluster.WorkDir, "runs.log");
        var start = Instant.FromUnixTimeSeconds(SystemClock.Instance.GetCurrentInstant().ToUnixTimeSeconds() + 3);
        var job = $$"""
            {"name":"beat","command":"echo \"$MESOS_TASK_ID $(date +%s.%N)\" >> {{runs}}; sleep 1","schedule":"R/{{InstantPattern.General.Format(start)}}/PT2S",
             "epsilon":"PT60S","cpus":0.1,"mem":32,"disk":0}
            """;
        (await Send(HttpMethod.Post, $"http://127.0.0.1:{ports[leader]}/v1/scheduler/iso8601", job)).Should().Be(HttpStatusCode.NoContent);
        await Until(() => Runs(runs).Count >= 2, "two runs");

        await cluster.LeaderTasks(t => t.Any(x => x.Id.Contains(":beat:", StringComparison.Ordinal) && x.State == "TASK_RUNNING"));
        await cluster.Crash(leader);
        var next = await cluster.LeaderAnswering(except: leader);
        // Back as a follower while the runs go on, so that the next kill leaves a quorum.
        var restarted = cluster.RestartMaster(leader);
        var seen = Runs(runs).Count;
        await Until(() => Runs(runs).Count >= seen + 1, "a run after the first takeover", cluster.Masters[next]);
        await restarted;

        await cluster.LeaderTasks(t => t.Count(x => x.Id.Contains(":beat:", StringComparison.Ordinal)) > 0
            && t.Where(x => x.Id.Contains(":beat:", StringComparison.Ordinal)).All(x => x.State is not ("TASK_STAGING" or "TASK_STARTING" or "TASK_RUNNING")));
        await cluster.Crash(next);
        var last = await cluster.LeaderAnswering(except: next);
        seen = Runs(runs).Count;
        await Until(() => Runs(runs).Count >= seen + 2, "two runs after the second takeover", cluster.Masters[last]);

        OnSchedule(Runs(runs), start, period, epsilon);
        var successes = await Poll($"http://127.0.0.1:{ports[last]}/v1/scheduler/jobs", _ => true, "the jobs");
        successes.EnumerateArray().Single(j => j.GetProperty("name").GetString() == "beat").GetProperty("successCount").GetInt64().Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task Chronos_jobs_spread_over_the_masters_and_a_job_runs_on_schedule_with_its_history_when_the_master_holding_it_is_killed()
    {
        var period = Duration.FromSeconds(5);
        var epsilon = Duration.FromSeconds(60);
        await using var cluster = new HaCluster("chronos");
        var (leader, ports) = await Serving(cluster, "chronos");

        var runs = Path.Combine(cluster.WorkDir, "runs.log");
        var start = Instant.FromUnixTimeSeconds(SystemClock.Instance.GetCurrentInstant().ToUnixTimeSeconds() + 3);
        var names = Enumerable.Range(1, 6).Select(i => $"spread-{i}").ToList();
        foreach (var name in names)
        {
            var job = $$"""
                {"name":"{{name}}","command":"echo \"$MESOS_TASK_ID $(date +%s.%N)\" >> {{runs}}","schedule":"R/{{InstantPattern.General.Format(start)}}/PT5S",
                 "epsilon":"PT60S","cpus":0.1,"mem":16,"disk":0}
                """;
            (await Send(HttpMethod.Post, $"http://127.0.0.1:{ports[leader]}/v1/scheduler/iso8601", job)).Should().Be(HttpStatusCode.NoContent);
        }
        var holders = await Holders(names, name => JobHolder(cluster, name, Enumerable.Range(0, 3)), "job");

        // A follower's, when one holds a job: the scheduler stays where it is, and the entity alone moves.
        var victim = holders.Values.Any(h => h != leader) ? holders.Values.First(h => h != leader) : leader;
        var moved = holders.First(h => h.Value == victim).Key;
        var successes = await Poll($"http://127.0.0.1:{ports[leader]}/v1/scheduler/jobs", j => SuccessCount(j, moved) >= 2, $"two successes of {moved}");
        var before = SuccessCount(successes, moved);
        await cluster.Crash(victim);

        var next = await cluster.LeaderAnswering(except: victim);
        var survivors = Enumerable.Range(0, 3).Where(i => i != victim).ToList();
        var seen = JobRuns(runs, moved).Count;
        await Until(() => JobRuns(runs, moved).Count >= seen + 2, $"two runs of {moved} after the kill", cluster.Masters[next]);
        var recovered = survivors.SelectMany(i => cluster.Masters[i]!.Lines())
            .Select(l => KeptHere().Match(l)).Where(m => m.Success && m.Groups["job"].Value == moved).ToList();
        recovered.Should().NotBeEmpty("the entity of {0} started again on a survivor", moved);
        long.Parse(recovered[^1].Groups["successes"].Value, CultureInfo.InvariantCulture).Should().BeGreaterThanOrEqualTo(before, "the entity recovered its history");
        var after = await Poll($"http://127.0.0.1:{ports[next]}/v1/scheduler/jobs", j => SuccessCount(j, moved) >= before + 1,
            $"a success of {moved} after the kill", cluster.Masters[next]);

        OnSchedule(JobRuns(runs, moved), start, period, epsilon);
        SuccessCount(after, moved).Should().BeGreaterThan(before);
    }

    /// <summary>
    /// Starts the masters and an agent, and waits until the leading master's <paramref name="framework"/> answers;
    /// returns which master leads and each master's port of the framework.
    /// </summary>
    private async Task<(int Leader, int[] Ports)> Serving(HaCluster cluster, string framework)
    {
        await cluster.StartMasters();
        await cluster.StartAgent("cpus:4;mem:4096");
        var leader = await cluster.LeaderAnswering(except: null);
        var ports = cluster.FrameworkPorts[framework];
        var answers = framework == "marathon" ? "/v2/info" : "/v1/scheduler/jobs";
        await Poll($"http://127.0.0.1:{ports[leader]}{answers}", _ => true, $"the leader's {framework}");
        return (leader, ports);
    }

    /// <summary>Waits until each entity has told where it is kept, and checks that they spread over more than one master.</summary>
    private static async Task<Dictionary<string, int>> Holders(IReadOnlyList<string> ids, Func<string, int?> holder, string kind)
    {
        var holders = new Dictionary<string, int>(StringComparer.Ordinal);
        await Until(() =>
        {
            foreach (var id in ids.Where(id => !holders.ContainsKey(id)))
            {
                if (holder(id) is { } master) holders[id] = master;
            }
            return holders.Count == ids.Count;
        }, $"each {kind}'s entity telling where it is kept");
        holders.Values.Distinct().Should().HaveCountGreaterThan(1, "the {0}s' entities spread over the masters: {1}", kind, string.Join(", ", holders));
        return holders;
    }

    /// <summary>Every run due since <paramref name="start"/> ran within epsilon, and none ran twice.</summary>
    private static void OnSchedule(IReadOnlyList<RunHistoryChecker.Run> history, Instant start, Duration period, Duration epsilon)
    {
        var report = RunHistoryChecker.Check(RunHistoryChecker.Targets(start, period, history.Max(r => r.Due)), history, epsilon);
        report.Missed.Should().BeEmpty("{0}; the runs: {1}", report, string.Join(", ", history));
        report.Duplicates.Should().BeEmpty("{0}", report);
    }

    // Which of the masters logged that it keeps the job's entity.
    private static int? JobHolder(HaCluster cluster, string job, IEnumerable<int> masters) =>
        masters.Where(i => cluster.Masters[i]?.Lines().Any(l => KeptHere().Match(l) is { Success: true } m && m.Groups["job"].Value == job) == true)
            .Select(i => (int?)i).FirstOrDefault();

    [GeneratedRegex(@"Chronos job (?<job>[\w.-]+) is kept here, on .*: (?<runs>\d+) open run\(s\), (?<successes>\d+) success\(es\)")]
    private static partial Regex KeptHere();

    private static long SuccessCount(JsonElement jobs, string name) =>
        jobs.EnumerateArray().Where(j => j.GetProperty("name").GetString() == name).Select(j => j.GetProperty("successCount").GetInt64()).FirstOrDefault();

    private static IReadOnlyList<RunHistoryChecker.Run> JobRuns(string file, string job) =>
        [.. Runs(file).Where(r => r.TaskId.Contains($":{job}:", StringComparison.Ordinal))];

    private static IReadOnlyList<RunHistoryChecker.Run> Runs(string file) =>
        !File.Exists(file) ? [] : File.ReadAllLines(file).Select(l => l.Split(' '))
            // A line being written is read whole the next time: `date +%s.%N` ends in nine digits.
            .Where(p => p.Length == 2 && p[1].IndexOf('.', StringComparison.Ordinal) is var dot and > 0 && p[1].Length - dot - 1 == 9)
            .Select(p => RunHistoryChecker.Run.FromTaskId(p[0], Instant.FromUnixTimeTicks((long)(double.Parse(p[1], CultureInfo.InvariantCulture) * NodaConstants.TicksPerSecond))))
            .ToList();

    private async Task<HttpStatusCode> Send(HttpMethod method, string url, string json)
    {
        using var request = new HttpRequestMessage(method, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        using var response = await _http.SendAsync(request);
        return response.StatusCode;
    }

    private async Task<JsonElement> Json(string url) => JsonDocument.Parse(await _http.GetStringAsync(url)).RootElement.Clone();

    /// <summary>
    /// Polls <paramref name="url"/> until it answers 200 with JSON that meets <paramref name="condition"/>; a framework that is
    /// taking over refuses connections or redirects meanwhile.
    /// </summary>
    private async Task<JsonElement> Poll(string url, Func<JsonElement, bool> condition, string what, RunningMesos? master = null)
    {
        JsonElement? last = null;
        await Until(async () =>
        {
            try
            {
                using var response = await _http.GetAsync(url);
                if (response.StatusCode != HttpStatusCode.OK) return false;
                last = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
                return condition(last.Value);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return false;
            }
        }, () => $"{what} (last answer {last})", master);
        return last!.Value;
    }

    private static Task Until(Func<bool> condition, string what, RunningMesos? master = null) => Until(() => Task.FromResult(condition()), () => what, master);

    /// <param name="what">Read only on timeout, so that it can tell what was seen last.</param>
    private static async Task Until(Func<Task<bool>> condition, Func<string> what, RunningMesos? master = null)
    {
        try
        {
            await Condition.Until(condition, Patience);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"No {what()} within {Patience.TotalSeconds}s" + (master is null ? "" : $"; the master printed:\n{string.Join('\n', master.Lines().TakeLast(200))}"));
        }
    }
}
