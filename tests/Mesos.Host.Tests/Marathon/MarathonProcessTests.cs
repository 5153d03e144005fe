using System.Net;
using System.Text.Json;

namespace Mesos.Host.Tests.Marathon;

/// <summary>`mesos marathon` as a process against a real master and agent (plain commands), through its REST API.</summary>
[Collection(TimingSensitive.Name)]
public sealed class MarathonProcessTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>, IAsyncLifetime
{
    private MarathonUnderTest _marathon = null!;

    public async Task InitializeAsync() => _marathon = await MarathonUnderTest.Start(cluster);

    public async Task DisposeAsync() => await _marathon.DisposeAsync();

    private Task<(HttpStatusCode Status, JsonElement Body)> Send(HttpMethod method, string path, string? json = null) => _marathon.Send(method, path, json);

    private Task<JsonElement> Get(string path) => _marathon.Get(path);

    private Task<JsonElement> WaitFor(string path, Func<JsonElement, bool> condition, string? what = null) => _marathon.WaitFor(path, condition, what);

    private static IEnumerable<string> TaskIds(JsonElement app) => MarathonUnderTest.TaskIds(app);

    private static bool AllRunning(JsonElement app, int count) => MarathonUnderTest.AllRunning(app, count);

    [Fact]
    public async Task The_seed_walk_through_creates_an_app_scales_it_to_two_without_restarting_the_first_and_shows_both_running()
    {
        var created = await Send(HttpMethod.Post, "/v2/apps", """{"id":"/seed","cmd":"sleep 1000","cpus":0.1,"mem":32}""");
        created.Status.Should().Be(HttpStatusCode.Created);
        created.Body.GetProperty("id").GetString().Should().Be("/seed");
        var one = (await WaitFor("/v2/apps/seed", a => AllRunning(a.GetProperty("app"), 1))).GetProperty("app");

        var scaled = await Send(HttpMethod.Put, "/v2/apps/seed", """{"instances":2}""");
        scaled.Status.Should().Be(HttpStatusCode.OK);
        scaled.Body.GetProperty("deploymentId").GetString().Should().NotBeEmpty();
        var two = (await WaitFor("/v2/apps/seed", a => AllRunning(a.GetProperty("app"), 2))).GetProperty("app");

        TaskIds(two).Should().Contain(TaskIds(one).Single());
        two.GetProperty("versionInfo").GetProperty("lastConfigChangeAt").GetString().Should().Be(one.GetProperty("versionInfo").GetProperty("lastConfigChangeAt").GetString());
        two.GetProperty("tasks").EnumerateArray().Should().AllSatisfy(t => t.GetProperty("state").GetString().Should().Be("TASK_RUNNING"));
        two.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("ports")[0].GetInt32()).Should().OnlyContain(p => p >= cluster.TaskPorts.Begin && p <= cluster.TaskPorts.End);
        (await Get("/v2/apps/seed/versions")).GetProperty("versions").GetArrayLength().Should().Be(2);
    }

    [Fact]
    public async Task A_change_other_than_the_count_replaces_every_task_and_a_restart_too()
    {
        await Send(HttpMethod.Post, "/v2/apps", """{"id":"/roll","cmd":"sleep 1000","cpus":0.1,"mem":32,"instances":2}""");
        var before = TaskIds((await WaitFor("/v2/apps/roll", a => AllRunning(a.GetProperty("app"), 2))).GetProperty("app")).ToList();

        (await Send(HttpMethod.Put, "/v2/apps/roll", """{"cmd":"sleep 2000"}""")).Status.Should().Be(HttpStatusCode.OK);
        var changed = (await WaitFor("/v2/apps/roll", a => AllRunning(a.GetProperty("app"), 2) && !TaskIds(a.GetProperty("app")).Intersect(before).Any())).GetProperty("app");
        (await Send(HttpMethod.Post, "/v2/apps/roll/restart")).Status.Should().Be(HttpStatusCode.OK);
        var restarted = (await WaitFor("/v2/apps/roll", a => AllRunning(a.GetProperty("app"), 2) && !TaskIds(a.GetProperty("app")).Intersect(TaskIds(changed)).Any())).GetProperty("app");

        changed.GetProperty("cmd").GetString().Should().Be("sleep 2000");
        restarted.GetProperty("cmd").GetString().Should().Be("sleep 2000");
    }

    [Fact]
    public async Task An_app_whose_constraints_no_agent_meets_waits_in_the_queue_with_the_reason()
    {
        await Send(HttpMethod.Post, "/v2/apps", """{"id":"/picky","cmd":"sleep 1000","cpus":0.1,"mem":32,"constraints":[["rack","IS","nowhere"]]}""");

        var queue = await WaitFor("/v2/queue?embed=lastUnusedOffers", q => q.GetProperty("queue").EnumerateArray().Any(e => e.GetProperty("lastUnusedOffers").GetArrayLength() > 0));

        var entry = queue.GetProperty("queue").EnumerateArray().Single(e => e.GetProperty("app").GetProperty("id").GetString() == "/picky");
        entry.GetProperty("count").GetInt32().Should().Be(1);
        entry.GetProperty("lastUnusedOffers")[0].GetProperty("reason").EnumerateArray().Select(r => r.GetString()).Should().Equal("UnfulfilledConstraint");
        entry.GetProperty("processedOffersSummary").GetProperty("rejectSummaryLastOffers").EnumerateArray()
            .Single(r => r.GetProperty("reason").GetString() == "UnfulfilledConstraint").GetProperty("declined").GetInt32().Should().BeGreaterThan(0);
        var deployment = (await Get("/v2/deployments")).EnumerateArray().Single();
        var action = deployment.GetProperty("currentActions")[0];
        action.GetProperty("waiting").GetString().Should().StartWith("waiting for offers to launch 1 instance(s)").And.Contain("UnfulfilledConstraint");
        action.GetProperty("waitingFor").GetProperty("reason").GetString().Should().Be("offers");
    }

    [Fact]
    public async Task Killing_marathon_in_the_middle_of_a_deployment_finishes_it_after_recovery_with_no_extra_or_missing_instance()
    {
        // The tasks pass their health check only a few seconds after they start, so that the deployment is still under
        // way when the test sees them launched: without one, it could end between two looks.
        await Send(HttpMethod.Post, "/v2/apps", """
            {"id":"/crash","cmd":"sleep 4; touch ready; exec sleep 1000","cpus":0.1,"mem":32,"instances":4,
             "healthChecks":[{"protocol":"COMMAND","command":{"value":"test -f ready"},"gracePeriodSeconds":60,"intervalSeconds":1,"timeoutSeconds":2,"delaySeconds":0}]}
            """);
        await WaitFor("/v2/apps/crash", a => a.GetProperty("app").GetProperty("tasks").GetArrayLength() > 0 && a.GetProperty("app").GetProperty("deployments").GetArrayLength() == 1,
            "a deployment with launched tasks");

        await _marathon.CrashAndRestart();
        var app = (await WaitFor("/v2/apps/crash", a => MarathonUnderTest.AllHealthy(a.GetProperty("app"), 4))).GetProperty("app");

        var master = await _marathon.MasterTasks();
        var live = master.GetProperty("tasks").EnumerateArray()
            .Where(t => t.GetProperty("id").GetString()!.StartsWith("crash.", StringComparison.Ordinal) && t.GetProperty("state").GetString() is "TASK_RUNNING" or "TASK_STAGING" or "TASK_STARTING")
            .Select(t => t.GetProperty("id").GetString()).ToList();
        live.Should().BeEquivalentTo(TaskIds(app));
        (await Get("/v2/deployments")).GetArrayLength().Should().Be(0);
        _marathon.Process.Lines().Should().Contain(l => l.Contains("Tasks reconciled"));
    }

    [Fact]
    public async Task An_event_stream_client_sees_the_deployment_and_the_status_updates()
    {
        using var stream = await _marathon.Http.GetStreamAsync(_marathon.Url("/v2/events"));
        using var reader = new StreamReader(stream);
        await Send(HttpMethod.Post, "/v2/apps", """{"id":"/events","cmd":"sleep 1000","cpus":0.1,"mem":32}""");

        var seen = new List<string>();
        using var deadline = new CancellationTokenSource(MarathonUnderTest.Patience);
        while (!seen.Contains("deployment_success"))
        {
            var line = await reader.ReadLineAsync(deadline.Token);
            if (line is null) break;
            if (line.StartsWith("event: ", StringComparison.Ordinal)) seen.Add(line["event: ".Length..]);
        }

        seen.Should().ContainInOrder("event_stream_attached", "api_post_event", "deployment_info", "status_update_event", "deployment_success");
    }

    [Fact]
    public async Task Bad_requests_are_answered_as_Marathon_answers_them_and_change_nothing()
    {
        var notJson = await Send(HttpMethod.Post, "/v2/apps", """{"id":""");
        var invalid = await Send(HttpMethod.Post, "/v2/apps", """{"id":"/bad","cmd":"x","cpus":-1,"instances":"many"}""");
        var unknown = await Send(HttpMethod.Get, "/v2/apps/nope");
        await Send(HttpMethod.Post, "/v2/apps", """{"id":"/twice","cmd":"sleep 1000","cpus":0.1,"mem":32}""");
        var twice = await Send(HttpMethod.Post, "/v2/apps", """{"id":"/twice","cmd":"sleep 1000"}""");
        var locked = await Send(HttpMethod.Put, "/v2/apps/twice", """{"instances":0}""");

        notJson.Status.Should().Be(HttpStatusCode.BadRequest);
        invalid.Status.Should().Be(HttpStatusCode.UnprocessableEntity);
        invalid.Body.GetProperty("details").EnumerateArray().Select(d => d.GetProperty("path").GetString()).Should().BeEquivalentTo(["/cpus", "/instances"]);
        unknown.Status.Should().Be(HttpStatusCode.NotFound);
        twice.Status.Should().Be(HttpStatusCode.Conflict);
        if (locked.Status == HttpStatusCode.Conflict) locked.Body.GetProperty("deployments").GetArrayLength().Should().Be(1);
        (await Get("/v2/apps")).GetProperty("apps").EnumerateArray().Select(a => a.GetProperty("id").GetString()).Should().Equal("/twice");
    }

    [Fact]
    public async Task Abdicating_resubscribes_reconciles_and_keeps_the_running_tasks()
    {
        await Send(HttpMethod.Post, "/v2/apps", """{"id":"/abdicate","cmd":"sleep 1000","cpus":0.1,"mem":32}""");
        var before = TaskIds((await WaitFor("/v2/apps/abdicate", a => AllRunning(a.GetProperty("app"), 1))).GetProperty("app")).ToList();

        var abdicated = await Send(HttpMethod.Delete, "/v2/leader");
        await Condition.Until(() => _marathon.Process.Lines().Count(l => l.Contains("Tasks reconciled")) >= 2, MarathonUnderTest.Patience);
        await Send(HttpMethod.Put, "/v2/apps/abdicate", """{"instances":2}""");
        var after = (await WaitFor("/v2/apps/abdicate", a => AllRunning(a.GetProperty("app"), 2))).GetProperty("app");

        abdicated.Status.Should().Be(HttpStatusCode.OK);
        abdicated.Body.GetProperty("message").GetString().Should().Be("Leadership abdicated");
        TaskIds(after).Should().Contain(before);
        (await Get("/v2/info")).GetProperty("frameworkId").GetString().Should().NotBeNullOrEmpty();
    }
}
