using System.Net;
using System.Text.Json;

namespace Mesos.Host.Tests.Marathon;

/// <summary>Health checks of Marathon's apps, run by a real agent on real processes, and what Marathon does with their results.</summary>
[Collection(TimingSensitive.Name)]
public sealed class MarathonHealthTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>, IAsyncLifetime
{
    private MarathonUnderTest _marathon = null!;

    public async Task InitializeAsync() => _marathon = await MarathonUnderTest.Start(cluster);

    public async Task DisposeAsync() => await _marathon.DisposeAsync();

    [Fact]
    public async Task A_task_that_fails_its_health_check_too_often_is_killed_and_replaced_by_a_healthy_one()
    {
        // Only the first task falls ill: it leaves a marker the next one finds.
        var marker = Path.Combine(cluster.WorkDir, "fell-ill-" + Guid.NewGuid().ToString("N"));
        using var events = await _marathon.Events("health_status_changed_event");
        var created = await _marathon.Send(HttpMethod.Post, "/v2/apps", $$$"""
            {"id":"/ill","cpus":0.1,"mem":32,
             "cmd":"touch healthy; if [ ! -e {{{marker}}} ]; then touch {{{marker}}}; sleep 2; rm healthy; fi; exec sleep 1000",
             "healthChecks":[{"protocol":"COMMAND","command":{"value":"test -f healthy"},
               "gracePeriodSeconds":30,"intervalSeconds":1,"timeoutSeconds":2,"delaySeconds":0,"maxConsecutiveFailures":2}]}
            """);
        created.Status.Should().Be(HttpStatusCode.Created);

        var sick = await events.Next(e => e.GetProperty("appId").GetString() == "/ill" && !e.GetProperty("alive").GetBoolean());
        var firstTask = sick.GetProperty("taskId").GetString()!;
        var app = (await _marathon.WaitFor("/v2/apps/ill", a => MarathonUnderTest.AllHealthy(a.GetProperty("app"), 1)
            && MarathonUnderTest.TaskIds(a.GetProperty("app")).Single() != firstTask)).GetProperty("app");

        var killed = (await _marathon.MasterTasks()).GetProperty("tasks").EnumerateArray().Single(t => t.GetProperty("id").GetString() == firstTask);
        killed.GetProperty("state").GetString().Should().Be("TASK_KILLED");
        var results = app.GetProperty("tasks")[0].GetProperty("healthCheckResults")[0];
        results.GetProperty("alive").GetBoolean().Should().BeTrue();
        results.GetProperty("firstSuccess").GetString().Should().NotBeNullOrEmpty();
        (app.GetProperty("tasksHealthy").GetInt32(), app.GetProperty("tasksUnhealthy").GetInt32()).Should().Be((1, 0));
    }

    [Fact]
    public async Task A_rolling_restart_of_ten_instances_never_has_fewer_healthy_instances_than_the_strategy_keeps()
    {
        // New tasks become healthy a moment after they start, so old ones may go only as new ones come up.
        const int instances = 10;
        const int keep = 7;
        var created = await _marathon.Send(HttpMethod.Post, "/v2/apps", """
            {"id":"/rolling","cpus":0.05,"mem":16,"instances":10,"cmd":"sleep 1; touch ready; exec sleep 1000",
             "upgradeStrategy":{"minimumHealthCapacity":0.7,"maximumOverCapacity":0.2},
             "healthChecks":[{"protocol":"COMMAND","command":{"value":"test -f ready"},
               "gracePeriodSeconds":60,"intervalSeconds":1,"timeoutSeconds":2,"delaySeconds":0,"maxConsecutiveFailures":3}]}
            """);
        created.Status.Should().Be(HttpStatusCode.Created);
        var before = MarathonUnderTest.TaskIds((await _marathon.WaitFor("/v2/apps/rolling",
            a => MarathonUnderTest.AllHealthy(a.GetProperty("app"), instances))).GetProperty("app")).ToHashSet();

        (await _marathon.Send(HttpMethod.Post, "/v2/apps/rolling/restart")).Status.Should().Be(HttpStatusCode.OK);
        var samples = new List<(int Marathon, int Master, int Tasks)>();
        JsonElement app;
        using (var deadline = new CancellationTokenSource(MarathonUnderTest.Patience))
        using (var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(100)))
        {
            while (true)
            {
                app = (await _marathon.Get("/v2/apps/rolling")).GetProperty("app");
                var master = HealthyOnMaster(await _marathon.MasterTasks(), "rolling.");
                samples.Add((app.GetProperty("tasksHealthy").GetInt32(), master, app.GetProperty("tasks").GetArrayLength()));
                if (MarathonUnderTest.AllHealthy(app, instances) && !MarathonUnderTest.TaskIds(app).Intersect(before).Any()) break;
                await poll.WaitForNextTickAsync(deadline.Token);
            }
        }

        samples.Should().Contain(s => s.Tasks > instances, "the deployment was seen under way");
        samples.Select(s => s.Marathon).Min().Should().BeGreaterThanOrEqualTo(keep, $"Marathon's view never drops below the bound: {string.Join(' ', samples)}");
        samples.Select(s => s.Master).Min().Should().BeGreaterThanOrEqualTo(keep, $"nor does the master's: {string.Join(' ', samples)}");
        (await _marathon.Get("/v2/deployments")).GetArrayLength().Should().Be(0);
    }

    // Running tasks whose latest status says healthy, as the master knows them.
    private static int HealthyOnMaster(JsonElement tasks, string prefix) => tasks.GetProperty("tasks").EnumerateArray()
        .Where(t => t.GetProperty("id").GetString()!.StartsWith(prefix, StringComparison.Ordinal) && t.GetProperty("state").GetString() == "TASK_RUNNING")
        .Count(t => t.GetProperty("statuses").EnumerateArray().LastOrDefault(s => s.TryGetProperty("healthy", out _)) is { ValueKind: JsonValueKind.Object } last
            && last.GetProperty("healthy").GetBoolean());
}
