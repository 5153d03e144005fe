using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Mesos.Host.Tests.WebUi;

/// <summary>
/// The web UI in Debian's Chromium against a real master and two agents: every page shows the
/// cluster's tasks (finished, failed, running), changes arrive without a reload, the keyboard reaches
/// every tab, pages read at 1280 and 400 pixels, and no page logs an error or makes a failing request.
/// Screenshots of every page land in the test output's webui-screenshots folder.
/// </summary>
[Collection(Browser.Name)]
public sealed class WebUiTests(WebUiFixture ui) : IClassFixture<WebUiFixture>
{
    private IPage Page => ui.Wide.Page;

    private static string Id(string value) => Uri.EscapeDataString(value);

    [Fact]
    public async Task The_master_serves_the_page_at_its_root_with_its_modules()
    {
        using var http = new HttpClient();
        var root = await http.GetAsync(ui.Cluster.Url);
        root.StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
        root.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        (await root.Content.ReadAsStringAsync()).Should().Contain("webui/js/app.js");
        var module = await http.GetAsync(ui.Cluster.Url + "webui/js/app.js");
        module.Content.Headers.ContentType!.MediaType.Should().Be("text/javascript");
        (await http.GetAsync(ui.Cluster.Url + "webui/js/missing.js")).StatusCode.Should().Be(System.Net.HttpStatusCode.NotFound);
        using var noRedirect = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var named = await noRedirect.GetAsync(ui.Cluster.Url + "master/");
        named.StatusCode.Should().Be(System.Net.HttpStatusCode.TemporaryRedirect);
        named.Headers.Location!.ToString().Should().Be("/");
    }

    [Fact]
    public async Task The_master_names_its_cluster_in_its_state_and_summary()
    {
        using var http = new HttpClient();
        var state = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(ui.Cluster.Url + "master/state")).RootElement;
        state.GetProperty("cluster").GetString().Should().Be(WebUiCluster.ClusterName);
        var summary = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(ui.Cluster.Url + "master/state-summary")).RootElement;
        summary.GetProperty("cluster").GetString().Should().Be(WebUiCluster.ClusterName);
    }

    [Fact]
    public async Task Overview_shows_the_cluster_its_resources_agents_tasks_and_recent_failures()
    {
        await ui.Wide.Go("#/");
        await Expect(Page.Locator("h1")).ToHaveTextAsync($"Cluster {WebUiCluster.ClusterName}");
        await Expect(Page.Locator("[data-count=active]").First).ToContainTextAsync("2 active");
        await Expect(Page.Locator("[data-state=TASK_FAILED] b")).ToHaveTextAsync("1");
        await Expect(Page.Locator("[data-state=TASK_FINISHED] b")).ToHaveTextAsync("1");
        await Expect(Page.Locator("[data-state=TASK_RUNNING] b")).Not.ToHaveTextAsync("0");
        await Expect(Page.Locator("[data-resource=cpus]")).ToContainTextAsync("5 total");
        await Expect(Page.Locator("section[aria-label=Master]")).ToContainTextAsync(Mesos.Host.VersionInfo.Version);
        var failures = Page.Locator("main table").Last;
        await Expect(failures).ToContainTextAsync("fails");
        await Expect(failures).ToContainTextAsync("Command exited with status 3");
        await ui.Wide.Screenshot("overview");
        ui.Wide.Problems.Should().BeEmpty();
    }

    [Fact]
    public async Task Overview_and_agents_draw_from_smaller_reads_while_the_state_is_still_coming()
    {
        await using var context = await Page.Context.Browser!.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        // The event stream's SUBSCRIBE is held unanswered, as a cluster's whole state is while megabytes of it arrive.
        await page.RouteAsync("**/api/v1", route =>
        {
            if (route.Request.PostData?.Contains("\"SUBSCRIBE\"", StringComparison.Ordinal) != true) route.ContinueAsync();
        });
        await page.GotoAsync(ui.Cluster.Url);
        await Expect(page.Locator("[data-count=active]").First).ToContainTextAsync("2 active");
        await Expect(page.Locator("[data-state=TASK_FAILED] b")).ToHaveTextAsync("1");
        await Expect(page.Locator("[data-state=TASK_RUNNING] b")).Not.ToHaveTextAsync("0");
        await Expect(page.Locator("[data-resource=cpus]")).ToContainTextAsync("5 total");
        await Expect(page.Locator("main")).ToContainTextAsync("Loading the cluster's tasks");
        await Expect(page.Locator("#live")).Not.ToHaveTextAsync("live");

        // The agents, read on their own, are listed with what they are allocated.
        await page.EvaluateAsync("() => { location.hash = '#/agents'; }");
        await Expect(page.Locator(".vt-row:not([hidden])")).ToHaveCountAsync(2);
        await Expect(page.Locator(".vtable")).ToContainTextAsync("rack:a");
        await Expect(page.Locator(".vtable")).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"(0\.\d+|[1-9][\d.]*) / 2\.5"));
    }

    [Fact]
    public async Task Agents_list_both_agents_and_an_agents_page_shows_its_tasks_and_executors()
    {
        await ui.Wide.Go("#/agents");
        var rows = Page.Locator(".vt-row:not([hidden])");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(Page.Locator(".vtable")).ToContainTextAsync("rack:a");
        await ui.Wide.Screenshot("agents");

        await ui.Wide.Go($"#/agents/{Id(ui.Cluster.AgentIds[0])}");
        await Expect(Page.Locator("h1")).ToContainTextAsync("Agent ");
        var tasks = Page.Locator(".vtable");
        await Expect(tasks).ToContainTextAsync("keeps-running");
        await Expect(tasks).ToContainTextAsync("finishes");
        await Expect(tasks).Not.ToContainTextAsync("fails");
        // The agent's own /state, read across origins, lists the executors with their sandboxes.
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Sandbox" }).First).ToBeVisibleAsync();
        await Expect(Page.Locator("section[aria-label=Resources]")).ToContainTextAsync("2.5");
        await ui.Wide.Screenshot("agent");
        ui.Wide.Problems.Should().BeEmpty();
    }

    [Fact]
    public async Task Frameworks_list_and_a_frameworks_page_with_its_roles_and_tasks()
    {
        await ui.Wide.Go("#/frameworks");
        await Expect(Page.Locator(".vtable")).ToContainTextAsync(WebUiCluster.FrameworkName);
        await Expect(Page.Locator(".vtable")).ToContainTextAsync(WebUiCluster.WaitingFrameworkName);
        await ui.Wide.Screenshot("frameworks");

        await ui.Wide.Go($"#/frameworks/{Id(ui.Cluster.Framework.FrameworkId)}");
        await Expect(Page.Locator("h1")).ToHaveTextAsync($"Framework {WebUiCluster.FrameworkName}");
        var about = Page.Locator("section[aria-label=Framework]");
        await Expect(about).ToContainTextAsync("Roles*");
        await Expect(about).ToContainTextAsync("Stateactive");
        var tasks = Page.Locator(".vtable");
        foreach (var task in new[] { "finishes", "fails", "keeps-running" }) await Expect(tasks).ToContainTextAsync(task);
        await ui.Wide.Screenshot("framework");
        ui.Wide.Problems.Should().BeEmpty();
    }

    [Fact]
    public async Task Tasks_filter_by_state_framework_agent_and_name()
    {
        await ui.Wide.Go("#/tasks?state=TASK_FAILED");
        var rows = Page.Locator(".vt-row:not([hidden])");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToContainTextAsync("fails");
        await ui.Wide.Screenshot("tasks-failed");

        await Page.SelectOptionAsync("select[name=state]", "");
        await Page.FillAsync("input[name=name]", "keeps");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToContainTextAsync("Running");
        await Page.FillAsync("input[name=name]", "");
        await Page.SelectOptionAsync("select[name=framework]", ui.Cluster.Framework.FrameworkId);
        await Page.FillAsync("input[name=agent]", ui.Cluster.AgentIds[1]);
        // Another test may launch a task on that agent too: the first agent's tasks are what must go. Only
        // the rows in view count: the table keeps hidden rows with old text for reuse.
        await Expect(rows.Filter(new() { HasText = "fails" })).Not.ToHaveCountAsync(0);
        await Expect(rows.Filter(new() { HasText = "keeps-running" })).ToHaveCountAsync(0);
        await Expect(rows.Filter(new() { HasText = "finishes" })).ToHaveCountAsync(0);
        Page.Url.Should().Contain("framework=").And.Contain("agent=");
        ui.Wide.Problems.Should().BeEmpty();
    }

    [Fact]
    public async Task A_tasks_page_shows_its_status_history_with_reasons_and_a_way_to_its_sandbox()
    {
        await ui.Wide.Go($"#/frameworks/{Id(ui.Cluster.Framework.FrameworkId)}/tasks/fails");
        await Expect(Page.Locator("[data-task-state]")).ToHaveTextAsync("Failed");
        var history = Page.Locator("main table").Last;
        await Expect(history.Locator("tbody tr")).ToHaveCountAsync(3);
        await Expect(history.Locator("tbody tr").Nth(0)).ToContainTextAsync("Starting");
        await Expect(history.Locator("tbody tr").Nth(1)).ToContainTextAsync("Running");
        await Expect(history.Locator("tbody tr").Nth(2)).ToContainTextAsync("Command exited with status 3");
        await Expect(history.Locator("tbody tr").Nth(2)).ToContainTextAsync("executor");
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Browse the sandbox" })).ToBeVisibleAsync();
        await ui.Wide.Screenshot("task");
        ui.Wide.Problems.Should().BeEmpty();
    }

    [Fact]
    public async Task A_task_leads_to_its_sandbox_whose_stdout_is_read_and_followed()
    {
        await ui.Wide.Go($"#/frameworks/{Id(ui.Cluster.Framework.FrameworkId)}/tasks/keeps-running");
        await Page.GetByRole(AriaRole.Link, new() { Name = "stdout" }).ClickAsync();
        var output = Page.Locator("pre[data-file=stdout]");
        await Expect(output).ToContainTextAsync("hello from the task");
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Download" }).First).ToBeVisibleAsync();
        // What is written later appears without a reload: the page follows the file.
        var stdout = Directory.EnumerateFiles(ui.Cluster.WorkDir, "stdout", SearchOption.AllDirectories)
            .Single(f => f.Contains($"{Path.DirectorySeparatorChar}executors{Path.DirectorySeparatorChar}keeps-running{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        await File.AppendAllTextAsync(stdout, "written a moment later\n");
        await Expect(output).ToContainTextAsync("written a moment later");
        await ui.Wide.Screenshot("sandbox");
        ui.Wide.Problems.Should().BeEmpty();
    }

    [Fact]
    public async Task A_new_task_appears_without_a_reload()
    {
        await ui.Wide.Go("#/tasks");
        await Page.EvaluateAsync("() => { window.notReloaded = true; }");
        await ui.Cluster.LaunchOnAnOffer("appears-live", "sleep 600");
        await Expect(Page.Locator(".vtable")).ToContainTextAsync("appears-live", new() { Timeout = 30_000 });
        // The agent sends each next update once the framework acknowledged the last.
        await ui.Cluster.Framework.NextUpdate(s => s.TaskId.Value == "appears-live" && s.State == Mesos.V1.TaskState.TaskRunning);
        await Expect(Page.Locator(".vt-row", new() { HasText = "appears-live" })).ToContainTextAsync("Running");
        (await Page.EvaluateAsync<bool>("() => window.notReloaded === true")).Should().BeTrue();
        ui.Wide.Problems.Should().BeEmpty();
    }

    [Fact]
    public async Task Offers_and_roles_show_what_is_offered_and_to_whom()
    {
        await ui.Wide.Go("#/offers");
        await Expect(Page.Locator(".vtable")).ToContainTextAsync(WebUiCluster.FrameworkName);
        await ui.Wide.Screenshot("offers");
        await ui.Wide.Go("#/roles");
        var star = Page.Locator("tr", new() { Has = Page.Locator("[data-role='*']") });
        await Expect(star).ToContainTextAsync(WebUiCluster.FrameworkName);
        await Expect(star).ToContainTextAsync("cpus");
        var batch = Page.Locator("tr", new() { Has = Page.Locator($"[data-role='{WebUiCluster.WaitingRole}']") });
        await Expect(batch).ToContainTextAsync(WebUiCluster.WaitingFrameworkName);
        await Expect(batch).ToContainTextAsync("cpus 1, mem 256 MB");
        await ui.Wide.Screenshot("roles");
        ui.Wide.Problems.Should().BeEmpty();
    }

    [Fact]
    public async Task A_waiting_framework_is_told_why_it_gets_nothing()
    {
        await ui.Wide.Go($"#/frameworks/{Id(ui.Cluster.Waiting.FrameworkId)}");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Why is it waiting?", Exact = false }).ClickAsync();
        var reasons = Page.Locator("[data-reasons]");
        await Expect(reasons).ToContainTextAsync($"suppressed offers for all its roles ({WebUiCluster.WaitingRole})");
        await Expect(reasons).ToContainTextAsync("2 offer filters on 2 agents");
        var declines = Page.Locator("table").Nth(2);
        await Expect(declines.Locator("tbody tr")).ToHaveCountAsync(2);
        await Expect(declines).ToContainTextAsync("600");
        await ui.Wide.Screenshot("waiting");
        ui.Wide.Problems.Should().BeEmpty();
    }

    [Fact]
    public async Task The_keyboard_reaches_every_tab_and_opens_it()
    {
        await ui.Wide.Go("#/");
        await Page.FocusAsync(".skip");
        var reached = new HashSet<string>();
        for (var i = 0; i < 12 && reached.Count < 6; i++)
        {
            await Page.Keyboard.PressAsync("Tab");
            if (await Page.EvaluateAsync<string?>("() => document.activeElement && document.activeElement.dataset.tab") is { } tab) reached.Add(tab);
        }
        reached.Should().BeEquivalentTo(["overview", "agents", "frameworks", "tasks", "offers", "roles"]);
        await Page.Keyboard.PressAsync("Enter");
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Roles");

        // In a list, one tab stop: arrows move through the rows and Enter opens one.
        await ui.Wide.Go("#/tasks?state=TASK_FAILED");
        await Expect(Page.Locator(".vt-row:not([hidden])")).ToHaveCountAsync(1);
        await Page.FocusAsync(".vtable");
        await Page.Keyboard.PressAsync("ArrowDown");
        await Page.Keyboard.PressAsync("Enter");
        await Expect(Page.Locator("[data-task-state]")).ToHaveTextAsync("Failed");
        ui.Wide.Problems.Should().BeEmpty();
    }

    [Fact]
    public async Task Every_page_reads_at_400_pixels_without_sideways_scrolling()
    {
        var narrow = ui.Narrow;
        var pages = new Dictionary<string, string>
        {
            ["overview"] = "#/",
            ["agents"] = "#/agents",
            ["agent"] = $"#/agents/{Id(ui.Cluster.AgentIds[0])}",
            ["frameworks"] = "#/frameworks",
            ["framework"] = $"#/frameworks/{Id(ui.Cluster.Framework.FrameworkId)}",
            ["tasks"] = "#/tasks",
            ["task"] = $"#/frameworks/{Id(ui.Cluster.Framework.FrameworkId)}/tasks/fails",
            ["offers"] = "#/offers",
            ["roles"] = "#/roles",
            ["waiting"] = $"#/frameworks/{Id(ui.Cluster.Waiting.FrameworkId)}/waiting",
        };
        foreach (var (name, fragment) in pages)
        {
            await narrow.Go(fragment);
            await Expect(narrow.Page.Locator("h1")).ToBeVisibleAsync();
            // Every placeholder for what a page still reads ends in an ellipsis.
            await narrow.Page.WaitForFunctionAsync("() => !document.querySelector('main').innerText.includes('…')");
            var overflow = await narrow.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
            overflow.Should().BeLessThanOrEqualTo(0, $"the {name} page fits 400 pixels");
            await narrow.Screenshot($"narrow-{name}");
        }
        narrow.Problems.Should().BeEmpty();
    }
}
