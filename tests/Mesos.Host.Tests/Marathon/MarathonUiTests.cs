using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mesos.Host.Tests.WebUi;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Mesos.Host.Tests.Marathon;

/// <summary>
/// Marathon's web UI on its API's port in Debian's Chromium, against `mesos marathon` on a real master and agent
/// running real tasks. Its screenshots land in the test output's webui-screenshots folder.
/// </summary>
[Collection(Browser.Name)]
public sealed class MarathonUiTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>, IAsyncLifetime
{
    private const float Patience = 90_000;
    private readonly HttpClient _http = new();
    private readonly int _port = RunningMesos.FreePort();
    private RunningMesos _marathon = null!;
    private ChromiumBrowser _browser = null!;

    private string Url(string path) => $"http://127.0.0.1:{_port}{path}";

    public async Task InitializeAsync()
    {
        _marathon = RunningMesos.Start("marathon", $"--master={cluster.Master}", "--ip=127.0.0.1", $"--http_port={_port}",
            $"--work_dir={Path.Combine(cluster.WorkDir, "marathon-ui")}");
        await _marathon.WaitForOutput("Marathon listening on");
        _browser = await ChromiumBrowser.Launch();
    }

    public async Task DisposeAsync()
    {
        try
        {
            var apps = JsonDocument.Parse(await _http.GetStringAsync(Url("/v2/apps"))).RootElement.GetProperty("apps");
            foreach (var app in apps.EnumerateArray()) await _http.DeleteAsync(Url($"/v2/apps{app.GetProperty("id").GetString()}?force=true"));
            await Condition.Until(async () => await Tasks() == 0, TimeSpan.FromSeconds(60));
        }
        finally
        {
            await _browser.DisposeAsync();
            await _marathon.DisposeAsync();
            _http.Dispose();
        }
    }

    private async Task<int> Tasks() => JsonDocument.Parse(await _http.GetStringAsync(Url("/v2/tasks"))).RootElement.GetProperty("tasks").GetArrayLength();

    [Fact]
    public async Task An_app_created_in_the_editor_is_scaled_its_tasks_seen_running_and_destroyed()
    {
        await using var ui = await UiPage.Open(_browser.Browser, Url("/"), 1280);
        var page = ui.Page;
        await Assertions.Expect(page.Locator("table.apps tbody")).ToContainTextAsync("No applications yet");

        await page.Locator("a.create").ClickAsync();
        await page.Locator("#app-json").FillAsync("{\n  \"id\": \"/ui-web\",\n  \"cmd\": \"sleep 1000\",\n  \"cpus\": -1,\n  \"mem\": 32\n}");
        await page.Locator("button.submit").ClickAsync();
        var note = page.Locator(".notes .note[data-path='/cpus']");
        await Assertions.Expect(note).ToContainTextAsync("got -1, expected between");
        await Assertions.Expect(note).ToHaveAttributeAsync("data-line", "3");
        await Assertions.Expect(page.Locator(".gutter .bad")).ToHaveTextAsync("4");
        await Assertions.Expect(page.Locator("#editor-errors li")).ToHaveTextAsync(new Regex("^line 4, /cpus: got -1"));
        await ui.Screenshot("marathon-editor");

        await page.Locator("#app-json").FillAsync("""
            {"id": "/ui-web", "cmd": "sleep 1000", "cpus": 0.1, "mem": 32,
             "healthChecks": [{"protocol": "COMMAND", "command": {"value": "true"}, "delaySeconds": 0, "intervalSeconds": 1}]}
            """);
        await page.Locator("button.submit").ClickAsync();
        await page.WaitForFunctionAsync("() => location.hash === '#/apps/%2Fui-web'");
        var tasks = page.Locator("table.tasks tbody tr[data-task]");
        await Assertions.Expect(tasks.Locator(".state")).ToHaveTextAsync(["RUNNING"], new() { Timeout = Patience });
        var first = await tasks.First.GetAttributeAsync("data-task");

        await page.Locator("#scale-instances").FillAsync("3");
        await page.Locator("button.scale").ClickAsync();
        await Assertions.Expect(tasks.Locator(".state")).ToHaveTextAsync(["RUNNING", "RUNNING", "RUNNING"], new() { Timeout = Patience });
        await Assertions.Expect(page.Locator(".app-status")).ToHaveTextAsync("Running", new() { Timeout = Patience });
        await Assertions.Expect(page.Locator($"table.tasks tr[data-task='{first}']")).ToHaveCountAsync(1);
        await Assertions.Expect(tasks.First.Locator(".host a")).ToHaveAttributeAsync("href", new Regex($"^http://{cluster.Master}/#/agents/"));
        await Assertions.Expect(tasks.Locator(".task-health")).ToHaveTextAsync(["healthy", "healthy", "healthy"], new() { Timeout = Patience });
        await Assertions.Expect(tasks.Locator(".version")).ToHaveTextAsync(["current", "current", "current"]);
        await Assertions.Expect(page.Locator("ul.versions li")).ToHaveCountAsync(2);
        await ui.Screenshot("marathon-app");

        await ui.Go("#/apps");
        var row = page.Locator("table.apps tr[data-app='/ui-web']");
        await Assertions.Expect(row.Locator(".instances")).ToHaveTextAsync("3 of 3");
        await Assertions.Expect(row.Locator(".status")).ToHaveTextAsync("Running");
        await Assertions.Expect(row.Locator(".health")).ToHaveTextAsync("3 healthy", new() { Timeout = Patience });
        await Assertions.Expect(row.Locator(".health .bar .healthy")).ToHaveCountAsync(1);
        await ui.Screenshot("marathon-apps");

        await row.Locator(".id a").ClickAsync();
        await page.Locator("a.edit").ClickAsync();
        var editor = page.Locator("#app-json");
        await Assertions.Expect(editor).ToHaveValueAsync(new Regex("\"instances\": 3"));
        var edited = JsonNode.Parse(await editor.InputValueAsync())!.AsObject();
        edited["instances"] = 2;
        await editor.FillAsync(edited.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        await page.Locator("button.submit").ClickAsync();
        await page.WaitForFunctionAsync("() => location.hash === '#/apps/%2Fui-web'");
        await Assertions.Expect(tasks.Locator(".state")).ToHaveTextAsync(["RUNNING", "RUNNING"], new() { Timeout = Patience });
        edited.ContainsKey("tasks").Should().BeFalse();
        edited.ContainsKey("version").Should().BeFalse();

        await page.Locator("button.destroy").ClickAsync();
        await page.Locator("button.confirm-destroy").ClickAsync();
        await page.WaitForFunctionAsync("() => location.hash === '#/apps'");
        await Assertions.Expect(page.Locator("table.apps tr[data-app='/ui-web']")).ToHaveCountAsync(0);
        await Condition.Until(async () => await Tasks() == 0, TimeSpan.FromSeconds(60));

        // The one refusal the test asked for, as the page and Chromium's console saw it.
        ui.Problems.Should().BeEquivalentTo($"HTTP 422: POST {Url("/v2/apps")}", "console error: Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)");
    }

    [Fact]
    public async Task An_app_no_agent_can_hold_shows_why_in_the_queue_and_its_deployment_waits_until_rolled_back()
    {
        using var created = await _http.PostAsync(Url("/v2/apps"),
            new StringContent("""{"id":"/ui-picky","cmd":"sleep 1000","cpus":0.1,"mem":32,"constraints":[["rack","IS","nowhere"]]}""", Encoding.UTF8, "application/json"));
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        await using var ui = await UiPage.Open(_browser.Browser, Url("/#/queue"), 1280);
        var page = ui.Page;

        var queued = page.Locator("section.queued[data-app='/ui-picky']");
        await Assertions.Expect(queued.Locator("li[data-reason='UnfulfilledConstraint']")).ToContainTextAsync("constraints not met", new() { Timeout = Patience });
        await Assertions.Expect(queued.Locator("table.offers td.refused").First).ToHaveTextAsync("constraints not met");
        await Assertions.Expect(page.Locator("#queue-count")).ToHaveTextAsync("1");
        await ui.Screenshot("marathon-queue");

        await ui.Go("#/deployments");
        var deployment = page.Locator("table.deployments tbody tr[data-deployment]");
        await Assertions.Expect(deployment.Locator(".affected")).ToHaveTextAsync("/ui-picky");
        await Assertions.Expect(deployment.Locator(".waiting")).ToContainTextAsync("waiting for offers to launch 1 instance(s)");
        await ui.Go("#/apps");
        await Assertions.Expect(page.Locator("table.apps tr[data-app='/ui-picky'] .status")).ToHaveTextAsync("Deploying");

        await ui.Go("#/deployments");
        await deployment.Locator("button.rollback").ClickAsync();
        await Assertions.Expect(page.Locator("table.deployments tbody tr[data-deployment]")).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#deployments-count")).ToHaveTextAsync("");

        ui.Problems.Should().BeEmpty();
    }
}
