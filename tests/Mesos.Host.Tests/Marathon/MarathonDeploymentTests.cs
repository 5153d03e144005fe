using System.Net;
using System.Text.Json;

namespace Mesos.Host.Tests.Marathon;

/// <summary>How Marathon's deployments wait, finish and fail, against a real master and agent running real processes.</summary>
public sealed class MarathonDeploymentTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>, IAsyncLifetime
{
    private MarathonUnderTest _marathon = null!;

    public async Task InitializeAsync() => _marathon = await MarathonUnderTest.Start(cluster);

    public async Task DisposeAsync() => await _marathon.DisposeAsync();

    private static JsonElement? ActionOf(JsonElement deployments, string app) => deployments.EnumerateArray()
        .SelectMany(d => d.GetProperty("currentActions").EnumerateArray()).Cast<JsonElement?>().FirstOrDefault(a => a!.Value.GetProperty("app").GetString() == app);

    [Fact]
    public async Task A_deployment_waits_for_the_readiness_check_says_so_and_finishes_once_the_task_answers_ready()
    {
        // busybox's httpd answers 404 until the page exists, a few seconds after the task starts.
        var created = await _marathon.Send(HttpMethod.Post, "/v2/apps", """
            {"id":"/ready","cpus":0.1,"mem":32,"portDefinitions":[{"port":0,"name":"http"}],
             "cmd":"mkdir -p www && (sleep 4; echo ok > www/index.html) & exec busybox httpd -f -p $PORT_HTTP -h www",
             "readinessChecks":[{"name":"page","portName":"http","path":"/index.html","intervalSeconds":0.5,"timeoutSeconds":0.4,"preserveLastResponse":true}]}
            """);
        created.Status.Should().Be(HttpStatusCode.Created, created.Body.ToString());

        var waiting = ActionOf(await _marathon.WaitFor("/v2/deployments", d => ActionOf(d, "/ready") is { } a
            && a.GetProperty("waitingFor").ValueKind == JsonValueKind.Object && a.GetProperty("waitingFor").GetProperty("reason").GetString() == "readiness"
            && a.GetProperty("readinessCheckResults").EnumerateArray().Any(r => r.TryGetProperty("lastResponse", out _))), "/ready")!.Value;
        await _marathon.WaitFor("/v2/apps/ready", a => MarathonUnderTest.AllRunning(a.GetProperty("app"), 1));

        var result = waiting.GetProperty("readinessCheckResults")[0];
        (result.GetProperty("name").GetString(), result.GetProperty("ready").GetBoolean()).Should().Be(("page", false));
        result.GetProperty("lastResponse").GetProperty("status").GetInt32().Should().Be(404);
        waiting.GetProperty("waiting").GetString().Should().StartWith("waiting for 1 task(s) to pass their readiness check").And.Contain("answered 404");
        _marathon.Process.Lines().Should().Contain(l => l.Contains("passed its readiness check"));
    }

    [Fact]
    public async Task A_change_that_misses_its_deadline_is_rolled_back_and_the_running_tasks_stay()
    {
        await _marathon.Send(HttpMethod.Post, "/v2/apps", """{"id":"/late","cmd":"sleep 1000","cpus":0.1,"mem":32}""");
        var before = (await _marathon.WaitFor("/v2/apps/late", a => MarathonUnderTest.AllRunning(a.GetProperty("app"), 1))).GetProperty("app");
        using var events = await _marathon.Events("deployment_failed");

        // No agent has the attribute, so the new configuration can never be placed.
        var changed = await _marathon.Send(HttpMethod.Put, "/v2/apps/late", """{"cmd":"sleep 2000","constraints":[["rack","IS","nowhere"]],"upgradeStrategy":{"deadlineSeconds":5}}""");
        changed.Status.Should().Be(HttpStatusCode.OK);
        var failed = await events.Next(e => e.GetProperty("id").GetString() == changed.Body.GetProperty("deploymentId").GetString());
        var after = (await _marathon.WaitFor("/v2/apps/late", a => MarathonUnderTest.AllRunning(a.GetProperty("app"), 1))).GetProperty("app");

        failed.GetProperty("reason").GetString().Should().Contain("did not finish by its deadline").And.Contain("UnfulfilledConstraint");
        after.GetProperty("cmd").GetString().Should().Be("sleep 1000");
        after.GetProperty("constraints").GetArrayLength().Should().Be(0);
        after.GetProperty("upgradeStrategy").GetProperty("deadlineSeconds").GetDouble().Should().Be(0);
        MarathonUnderTest.TaskIds(after).Should().Equal(MarathonUnderTest.TaskIds(before));
    }

    [Fact]
    public async Task A_group_starts_an_app_only_once_the_app_it_depends_on_is_healthy_and_a_put_without_it_removes_it()
    {
        var created = await _marathon.Send(HttpMethod.Post, "/v2/groups", """
            {"id":"/shop","apps":[
              {"id":"web","cmd":"sleep 1000","cpus":0.1,"mem":32,"dependencies":["db"]},
              {"id":"db","cmd":"sleep 2; touch ready; exec sleep 1000","cpus":0.1,"mem":32,
               "healthChecks":[{"protocol":"COMMAND","command":{"value":"test -f ready"},"gracePeriodSeconds":30,"intervalSeconds":1,"delaySeconds":0}]}]}
            """);
        created.Status.Should().Be(HttpStatusCode.Created, created.Body.ToString());
        var plan = (await _marathon.Get("/v2/deployments")).EnumerateArray().Single(d => d.GetProperty("id").GetString() == created.Body.GetProperty("deploymentId").GetString());
        var group = await _marathon.WaitFor("/v2/groups/shop?embed=group.apps.tasks", g => g.GetProperty("apps").EnumerateArray().All(a => MarathonUnderTest.AllRunning(a, 1))
            && g.GetProperty("apps").GetArrayLength() == 2);

        plan.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("actions")[0].GetProperty("app").GetString()).Should().Equal("/shop/db", "/shop/web");
        var db = (await _marathon.Get("/v2/apps/shop/db")).GetProperty("app").GetProperty("tasks")[0];
        var web = (await _marathon.Get("/v2/apps/shop/web")).GetProperty("app").GetProperty("tasks")[0];
        DateTimeOffset.Parse(web.GetProperty("stagedAt").GetString()!).Should()
            .BeOnOrAfter(DateTimeOffset.Parse(db.GetProperty("healthCheckResults")[0].GetProperty("firstSuccess").GetString()!), "web waited for db to be healthy");
        group.GetProperty("id").GetString().Should().Be("/shop");

        var cyclic = await _marathon.Send(HttpMethod.Put, "/v2/groups/shop", """
            {"apps":[{"id":"web","cmd":"sleep 1000","dependencies":["db"]},{"id":"db","cmd":"sleep 1000","dependencies":["web"]}]}
            """);
        var changed = await _marathon.Send(HttpMethod.Put, "/v2/groups/shop?force=true", """{"apps":[{"id":"db","cmd":"sleep 1000","cpus":0.1,"mem":32}]}""");
        var after = await _marathon.WaitFor("/v2/groups/shop?embed=group.apps.tasks", g => g.GetProperty("apps").GetArrayLength() == 1 && MarathonUnderTest.AllRunning(g.GetProperty("apps")[0], 1));
        var taken = await _marathon.Send(HttpMethod.Post, "/v2/groups", """{"id":"/shop"}""");
        var outside = await _marathon.Send(HttpMethod.Post, "/v2/groups", """{"id":"../../etc","apps":[]}""");
        var misplaced = await _marathon.Send(HttpMethod.Post, "/v2/groups", """{"id":"/other","apps":[{"id":"/shop/x","cmd":"x"}]}""");
        var malformed = await _marathon.Send(HttpMethod.Post, "/v2/groups", """{"id":""");
        var unknown = await _marathon.Send(HttpMethod.Delete, "/v2/groups/nowhere");

        cyclic.Status.Should().Be(HttpStatusCode.UnprocessableEntity);
        cyclic.Body.GetProperty("details")[0].GetProperty("errors")[0].GetString().Should().Be("Dependency graph has cyclic dependencies.");
        changed.Status.Should().Be(HttpStatusCode.OK);
        after.GetProperty("apps")[0].GetProperty("id").GetString().Should().Be("/shop/db");
        new[] { taken.Status, outside.Status, misplaced.Status, malformed.Status, unknown.Status }.Should().Equal(
            HttpStatusCode.Conflict, HttpStatusCode.UnprocessableEntity, HttpStatusCode.UnprocessableEntity, HttpStatusCode.BadRequest, HttpStatusCode.NotFound);
        unknown.Body.GetProperty("message").GetString().Should().Be("Group '/nowhere' does not exist");
        (await _marathon.Get("/v2/groups")).GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("id").GetString()).Should().Equal("/shop");
        (await _marathon.Send(HttpMethod.Delete, "/v2/groups/shop")).Status.Should().Be(HttpStatusCode.OK);
        await _marathon.WaitFor("/v2/groups", g => g.GetProperty("groups").GetArrayLength() == 0 && g.GetProperty("apps").GetArrayLength() == 0);
    }
}
