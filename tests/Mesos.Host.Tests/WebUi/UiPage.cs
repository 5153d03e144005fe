using Microsoft.Playwright;

namespace Mesos.Host.Tests.WebUi;

/// <summary>
/// One browser tab on the UI at a given width, kept open across a class's tests, which navigate it by
/// the URL's fragment as a user clicks through. It records every console error, page error, failed
/// request and 4xx/5xx answer, which the tests require to stay empty.
/// </summary>
internal sealed class UiPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly List<string> _problems = [];

    private UiPage(IBrowserContext context, IPage page, string baseUrl)
    {
        _context = context;
        Page = page;
        BaseUrl = baseUrl;
        page.Console += (_, message) =>
        {
            if (message.Type == "error") Record($"console error: {message.Text}");
        };
        page.PageError += (_, error) => Record($"page error: {error}");
        page.RequestFailed += (_, request) =>
        {
            // A stream the page itself ends when it is closed is not a failure.
            if (request.Failure != "net::ERR_ABORTED") Record($"request failed: {request.Method} {request.Url}: {request.Failure}");
        };
        page.Response += (_, response) =>
        {
            if (response.Status >= 400) Record($"HTTP {response.Status}: {response.Request.Method} {response.Url}");
        };
    }

    public IPage Page { get; }

    public string BaseUrl { get; }

    public static async Task<UiPage> Open(IBrowser browser, string baseUrl, int width, int height = 900)
    {
        var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height } });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        var ui = new UiPage(context, page, baseUrl);
        await page.GotoAsync(baseUrl);
        await Assertions.Expect(page.Locator("#live")).ToHaveTextAsync("live", new() { Timeout = 30_000 });
        return ui;
    }

    /// <summary>Goes to a route (<c>#/agents</c>) within the page, as a link does: no reload.</summary>
    public async Task Go(string fragment)
    {
        await Page.EvaluateAsync("f => { location.hash = f; }", fragment);
        await Page.WaitForFunctionAsync("f => location.hash === f", fragment);
    }

    public IReadOnlyList<string> Problems
    {
        get
        {
            lock (_problems) return [.. _problems];
        }
    }

    private void Record(string problem)
    {
        lock (_problems) _problems.Add(problem);
    }

    /// <summary>Saves a screenshot of the whole page under the test output's webui-screenshots folder.</summary>
    public async Task Screenshot(string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "webui-screenshots");
        Directory.CreateDirectory(folder);
        await Page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();
}
