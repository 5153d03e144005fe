using System.Net;
using Mesos.V1;
using Mesos.V1.Scheduler;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using Resources = Mesos.Actors.Protocol.Resources;
using Task = System.Threading.Tasks.Task;

namespace Mesos.Host.Tests.WebUi;

/// <summary>A real master with a few hundred tasks, and one agent that ran them; the browser looks at it.</summary>
public sealed class ManyTasksFixture : IAsyncLifetime
{
    public const int Tasks = 300;

    private readonly List<RunningMesos> _processes = [];
    private ChromiumBrowser? _browser;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "mesos-webui-many-" + Guid.NewGuid().ToString("N"));

    internal TestFramework Framework { get; private set; } = null!;

    internal UiPage Page { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var port = RunningMesos.FreePort();
        var master = RunningMesos.Start("master", "--ip=127.0.0.1", $"--port={port}", $"--work_dir={Path.Combine(_dir, "master")}");
        _processes.Add(master);
        await master.WaitForOutput("listening on");
        var agent = RunningMesos.Start("agent", $"--master=127.0.0.1:{port}", "--ip=127.0.0.1", $"--port={RunningMesos.FreePort()}",
            $"--work_dir={Path.Combine(_dir, "agent")}", "--resources=cpus:8;mem:8192;disk:1024");
        _processes.Add(agent);
        await agent.WaitForOutputs(ClusterFixture.AgentReady);

        Framework = await TestFramework.Subscribe($"127.0.0.1:{port}", "many-tasks");
        var offer = (await Framework.Next(e => e.Type == Event.Types.Type.Offers, TimeSpan.FromSeconds(60))).Offers.Offers_[0];
        var launch = new Offer.Types.Operation.Types.Launch();
        for (var i = 0; i < Tasks; i++)
        {
            launch.TaskInfos.Add(new TaskInfo
            {
                Name = $"task-{i:D4}", TaskId = new() { Value = $"task-{i:D4}" }, AgentId = offer.AgentId,
                Command = new() { Value = "true" }, Resources = { Resources.Parse("cpus:0.01;mem:8").ToProtos() },
            });
        }
        using (var accepted = await Framework.Send(new Call
        {
            Type = Call.Types.Type.Accept,
            Accept = new() { OfferIds = { offer.Id }, Operations = { new Offer.Types.Operation { Type = Offer.Types.Operation.Types.Type.Launch, Launch = launch } } },
        }))
        {
            accepted.StatusCode.Should().Be(HttpStatusCode.Accepted);
        }
        var finished = new HashSet<string>();
        while (finished.Count < Tasks)
        {
            var status = await Framework.NextUpdate(s => s.State == TaskState.TaskFinished, TimeSpan.FromSeconds(60));
            finished.Add(status.TaskId.Value);
        }

        _browser = await ChromiumBrowser.Launch();
        Page = await UiPage.Open(_browser.Browser, $"http://127.0.0.1:{port}/", 1280);
    }

    public async Task DisposeAsync()
    {
        if (Page is not null) await Page.DisposeAsync();
        if (_browser is not null) await _browser.DisposeAsync();
        if (Framework is not null) await Framework.TearDown();
        foreach (var process in _processes) await process.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }
}

/// <summary>
/// Long lists stay light: the tasks table puts only the rows in view in the page, reaches the last task by
/// scrolling, and a live change redraws the rows in place instead of rebuilding the list.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class WebUiManyTasksTests(ManyTasksFixture many) : IClassFixture<ManyTasksFixture>
{
    [Fact]
    public async Task The_tasks_list_holds_every_task_but_only_the_rows_in_view_and_updates_them_in_place()
    {
        var ui = many.Page;
        var page = ui.Page;
        await ui.Go("#/tasks?state=TASK_FINISHED");
        await Expect(page.Locator(".vt-foot")).ToHaveTextAsync($"{ManyTasksFixture.Tasks} rows");
        var rows = await page.Locator(".vt-row").CountAsync();
        rows.Should().BeInRange(1, 60, "only the rows in view (and a few around them) are in the page");

        await page.EvaluateAsync("() => { const s = document.querySelector('.vt-scroll'); s.scrollTop = s.scrollHeight; }");
        await Expect(page.Locator($".vt-row[aria-rowindex='{ManyTasksFixture.Tasks + 1}']")).ToBeVisibleAsync();
        (await page.Locator(".vt-row").CountAsync()).Should().BeLessThanOrEqualTo(60);

        // A new task arrives: the rows already in the page are the same elements, redrawn.
        await page.EvaluateAsync("() => { window.firstRow = document.querySelector('.vt-row'); }");
        await ui.Go("#/tasks");
        var offer = await many.Framework.AnyOffer(TimeSpan.FromSeconds(60));
        using (await many.Framework.Send(TestFramework.Launch(offer, "one-more", "sleep 600", "cpus:0.01;mem:8"))) { }
        await Expect(page.Locator(".vt-foot")).ToHaveTextAsync($"{ManyTasksFixture.Tasks + 1} rows");
        (await page.EvaluateAsync<bool>("() => window.firstRow.isConnected")).Should().BeTrue();
        (await page.Locator(".vt-row").CountAsync()).Should().BeLessThanOrEqualTo(60);
        await ui.Screenshot("many-tasks");
        ui.Problems.Should().BeEmpty();
    }
}
