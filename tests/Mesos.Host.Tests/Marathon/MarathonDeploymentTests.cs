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
}
