using System.Net;
using System.Text;
using System.Text.Json;
using Mesos.Host.Tests.WebUi;
using Microsoft.Playwright;
using NodaTime;
using NodaTime.Text;

namespace Mesos.Host.Tests.Chronos;

/// <summary>
/// Chronos' page on port 4400 in Debian's Chromium, against `mesos chronos` on a real master and agent. Its
/// screenshot lands in the test output's webui-screenshots folder.
/// </summary>
[Collection(Browser.Name)]
public sealed class ChronosUiTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly HttpClient _http = new();
    private readonly int _port = RunningMesos.FreePort();
    private RunningMesos _chronos = null!;
    private ChromiumBrowser _browser = null!;

    private string Url(string path) => $"http://127.0.0.1:{_port}{path}";

    public async Task InitializeAsync()
    {
        _chronos = RunningMesos.Start("chronos", $"--master={cluster.Master}", "--ip=127.0.0.1", $"--http_port={_port}",
            $"--work_dir={Path.Combine(cluster.WorkDir, "chronos-ui")}");
        await _chronos.WaitForOutput("Chronos listening on");
        _browser = await ChromiumBrowser.Launch();
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        await _chronos.DisposeAsync();
        _http.Dispose();
    }

    private async Task Post(string path, string json)
    {
        using var response = await _http.PostAsync(Url(path), new StringContent(json, Encoding.UTF8, "application/json"));
        response.StatusCode.Should().Be(HttpStatusCode.NoContent, await response.Content.ReadAsStringAsync());
    }

    private async Task<JsonElement> Job(string name) =>
        JsonDocument.Parse(await _http.GetStringAsync(Url("/v1/scheduler/jobs"))).RootElement.EnumerateArray()
            .Single(j => j.GetProperty("name").GetString() == name).Clone();

    private static string InZone(string iso, string zone) =>
        InstantPattern.ExtendedIso.Parse(iso).Value.InZone(DateTimeZoneProviders.Tzdb[zone]).ToString("yyyy-MM-dd HH:mm:ss", null) + " " + zone;

    [Fact]
    public async Task The_page_shows_jobs_in_their_time_zone_and_their_dependencies_and_runs_disables_and_enables_them()
    {
        await Post("/v1/scheduler/iso8601", """{"name":"extract","command":"true","schedule":"R/2030-01-01T02:00:00Z/P1D","scheduleTimeZone":"Asia/Tokyo","mem":32,"disk":0}""");
        await Post("/v1/scheduler/iso8601", """{"name":"load","command":"true","schedule":"R/2030-01-01T02:00:00Z/P1D","mem":32,"disk":0}""");
        await Post("/v1/scheduler/dependency", """{"name":"report","command":"true","parents":["extract","load"],"mem":32,"disk":0}""");
        await using var ui = await UiPage.Open(_browser.Browser, Url("/"), 1280);
        var page = ui.Page;
        ILocator Row(string job) => page.Locator($"#jobs tr[data-job='{job}']");

        await Assertions.Expect(Row("extract").Locator(".next")).ToHaveTextAsync("2030-01-01 02:00:00 Asia/Tokyo");
        await Assertions.Expect(Row("load").Locator(".next")).ToHaveTextAsync("2030-01-01 02:00:00 UTC");
        await Assertions.Expect(Row("report").Locator(".when")).ToHaveTextAsync("after extract, load");
        await Assertions.Expect(page.Locator("#graph [data-edge='extract->report']")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#graph [data-edge='load->report']")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#graph [data-node]")).ToHaveCountAsync(3);

        await Row("extract").Locator("button.run").ClickAsync();
        await Assertions.Expect(Row("extract").Locator(".runs")).ToHaveTextAsync("1 ok, 0 failed", new() { Timeout = (float)Patience.TotalMilliseconds });
        var extract = await Job("extract");
        await Assertions.Expect(Row("extract").Locator(".last-success")).ToHaveTextAsync(InZone(extract.GetProperty("lastSuccess").GetString()!, "Asia/Tokyo"));
        await Assertions.Expect(Row("extract").Locator(".last-failure")).ToHaveTextAsync("—");
        await ui.Screenshot("chronos");

        await Row("load").Locator("button.toggle").ClickAsync();
        await Assertions.Expect(Row("load").Locator(".badge")).ToHaveTextAsync("disabled");
        await Assertions.Expect(Row("load").Locator(".next")).ToHaveTextAsync("—");
        var disabled = (await Job("load")).GetProperty("disabled").GetBoolean();
        await Row("load").Locator("button.toggle").ClickAsync();
        await Assertions.Expect(Row("load").Locator(".badge")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#graph .disabled")).ToHaveCountAsync(0);

        disabled.Should().BeTrue();
        (await Job("load")).GetProperty("disabled").GetBoolean().Should().BeFalse();
        (await Job("load")).GetProperty("schedule").GetString().Should().Be("R/2030-01-01T02:00:00Z/P1D");
        ui.Problems.Should().BeEmpty();
    }
}
