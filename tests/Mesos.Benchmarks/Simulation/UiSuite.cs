using System.Diagnostics;
using System.Globalization;
using Akka.Actor;
using Mesos.Host.Tests.WebUi;
using Microsoft.Playwright;

namespace Mesos.Benchmarks.Simulation;

/// <summary>
/// The web UI in Chromium on a cluster of simulated agents full of running tasks: how long the page takes
/// to load (to show every agent and every running task), and how long a task's change of state takes to
/// show, from the framework's KILL to the page drawing it, beside when the framework itself heard of it.
/// Two tabs watch each change: the overview's count of killed tasks, and the tasks list filtered to them.
/// The agents are <see cref="ProtocolAgents"/> (one socket each), so that ten thousand fit in the open file limit.
/// Then the master's memory and the browser's.
/// </summary>
/// <remarks>Arguments as the scale suite's (<c>--agents=N</c>, <c>--tasks=N</c>); <c>--rounds=N</c> (5) loads and kills.</remarks>
internal static class UiSuite
{
    public static int Run(string[] args)
    {
        var rounds = Arguments.Int(args, "--rounds", 5);
        using var cluster = new ScaleCluster([.. args.Where(a => !a.StartsWith("--rounds=", StringComparison.Ordinal))], AgentKind.Protocol);
        Measure(cluster, rounds).GetAwaiter().GetResult();
        return 0;
    }

    private static async Task Measure(ScaleCluster cluster, int rounds)
    {
        await using var chromium = await ChromiumBrowser.Launch();
        var url = $"http://{cluster.Master}/";
        var loads = new List<double>();
        var liveLoads = new List<double>();
        var agentsLoads = new List<double>();
        var tasksLoads = new List<double>();
        var running = (int)cluster.Metric("master/tasks_running");
        const string rows = "() => document.querySelectorAll('.vt-row:not([hidden])').length > 10";
        for (var i = 0; i < rounds; i++)
        {
            var counts = $"{Shows("[data-count=active] b", cluster.Agents)} && {Shows("[data-state=TASK_RUNNING] b", running)}";
            loads.Add(await Load(chromium.Browser, url, "#/", $"() => {counts}"));
            liveLoads.Add(await Load(chromium.Browser, url, "#/", $"() => {counts} && document.querySelector('#live')?.textContent === 'live' && !document.querySelector('main [data-loading]')"));
            agentsLoads.Add(await Load(chromium.Browser, url, "#/agents", rows));
            tasksLoads.Add(await Load(chromium.Browser, url, "#/tasks", rows));
        }
        Console.WriteLine($"load: overview showing {cluster.Agents} agents and {running} running tasks: {Report(loads)}");
        Console.WriteLine($"load: overview with every detail (the event stream's SUBSCRIBED drawn): {Report(liveLoads)}");
        Console.WriteLine($"load: agents list with its first rows: {Report(agentsLoads)}");
        Console.WriteLine($"load: tasks list with its first rows: {Report(tasksLoads)}");
        var (bytes, firstByte, whole) = await Subscribed(cluster.Http);
        Console.WriteLine($"master: the event stream's SUBSCRIBED is {bytes / 1024.0 / 1024.0:0.0} MiB of JSON, its first byte after {firstByte:0} ms, whole after {whole:0} ms (read by this process)");

        await using var overview = await Open(chromium.Browser, url + "#/");
        await using var killedList = await Open(chromium.Browser, url + "#/tasks?state=TASK_KILLED");
        var overviewDelays = new List<double>();
        var listDelays = new List<double>();
        var frameworkDelays = new List<double>();
        for (var k = 1; k <= rounds; k++)
        {
            var shownInOverview = overview.Page.WaitForFunctionAsync($"() => {Shows("[data-state=TASK_KILLED] b", k)} && Date.now()", null, new() { PollingInterval = null, Timeout = 120_000 });
            var shownInList = killedList.Page.WaitForFunctionAsync($"() => document.querySelectorAll('.vt-row:not([hidden])').length === {k} && Date.now()", null, new() { Timeout = 120_000 });
            var killed = new TaskCompletionSource<DateTimeOffset>(TaskCreationOptions.RunContinuationsAsynchronously);
            var sent = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            cluster.Scheduler.Tell(new FillScheduler.KillTask(killed));
            frameworkDelays.Add((await killed.Task.WaitAsync(TimeSpan.FromMinutes(2))).ToUnixTimeMilliseconds() - sent);
            overviewDelays.Add(await (await shownInOverview).JsonValueAsync<double>() - sent);
            listDelays.Add(await (await shownInList).JsonValueAsync<double>() - sent);
        }
        Console.WriteLine($"change: KILL to the framework's TASK_KILLED: {Report(frameworkDelays)}");
        Console.WriteLine($"change: KILL to the overview's count of killed tasks: {Report(overviewDelays)}");
        Console.WriteLine($"change: KILL to the killed task's row in the tasks list: {Report(listDelays)}");
        var heap = await overview.Page.EvaluateAsync<double>("() => performance.memory ? performance.memory.usedJSHeapSize : 0");
        Console.WriteLine($"page: JavaScript heap of the overview tab {heap / 1024 / 1024:0} MiB");
        Console.WriteLine($"browser: {await BrowserMemory(chromium.Browser) / 1024 / 1024:0} MiB proportional set size of Chromium's processes (two tabs open)");
        var master = cluster.MasterProcess;
        master.Refresh();
        Console.WriteLine($"master: resident {master.WorkingSet64 / 1024 / 1024:0} MiB, peak {master.PeakWorkingSet64 / 1024 / 1024:0} MiB");
    }

    /// <summary>Bytes of memory Chromium's processes hold, shared pages divided among those sharing them.</summary>
    private static async Task<double> BrowserMemory(IBrowser browser)
    {
        var session = await browser.NewBrowserCDPSessionAsync();
        var info = await session.SendAsync("SystemInfo.getProcessInfo");
        double bytes = 0;
        foreach (var process in info!.Value.GetProperty("processInfo").EnumerateArray())
        {
            var path = $"/proc/{process.GetProperty("id").GetInt32()}/smaps_rollup";
            if (!File.Exists(path)) continue;
            var pss = File.ReadLines(path).FirstOrDefault(l => l.StartsWith("Pss:", StringComparison.Ordinal));
            if (pss is not null) bytes += 1024 * double.Parse(pss.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        }
        await session.DetachAsync();
        return bytes;
    }

    /// <summary>The operator event stream's first event as the page asks for it: its size, and milliseconds to its first and last byte.</summary>
    private static async Task<(long Bytes, double FirstByte, double Whole)> Subscribed(HttpClient http)
    {
        var clock = Stopwatch.StartNew();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1") { Content = new StringContent("{\"type\":\"SUBSCRIBE\"}", System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd("application/json");
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var header = new List<byte>();
        for (var b = body.ReadByte(); b is not '\n' and not -1; b = body.ReadByte()) header.Add((byte)b);
        var firstByte = clock.Elapsed.TotalMilliseconds;
        var length = long.Parse(System.Text.Encoding.ASCII.GetString([.. header]), CultureInfo.InvariantCulture);
        var buffer = new byte[1 << 16];
        for (var left = length; left > 0;) left -= await body.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)));
        return (length, firstByte, clock.Elapsed.TotalMilliseconds);
    }

    /// <summary>Milliseconds from asking for the page to <paramref name="ready"/> being true, in a fresh tab.</summary>
    private static async Task<double> Load(IBrowser browser, string url, string fragment, string ready)
    {
        await using var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        var clock = Stopwatch.StartNew();
        await page.GotoAsync(url + fragment);
        await page.WaitForFunctionAsync(ready, null, new() { Timeout = 300_000 });
        return clock.Elapsed.TotalMilliseconds;
    }

    private static async Task<BrowserTab> Open(IBrowser browser, string url)
    {
        var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(url);
        await page.WaitForFunctionAsync("() => document.querySelector('#live')?.textContent === 'live' && document.querySelector('main h1')", null, new() { Timeout = 300_000 });
        return new BrowserTab(context, page);
    }

    private static string Shows(string selector, int number) =>
        $"document.querySelector('{selector}')?.textContent === '{number.ToString(CultureInfo.InvariantCulture)}'";

    private static string Report(List<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToList();
        return $"median {sorted[sorted.Count / 2]:0} ms, min {sorted[0]:0}, max {sorted[^1]:0} ({sorted.Count} rounds)";
    }

    private sealed record BrowserTab(IBrowserContext Context, IPage Page) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Context.DisposeAsync();
    }
}
