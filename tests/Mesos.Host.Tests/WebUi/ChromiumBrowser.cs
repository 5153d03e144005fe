using Microsoft.Playwright;

namespace Mesos.Host.Tests.WebUi;

/// <summary>
/// Debian's Chromium driven by Playwright: one browser for a test class, launched from /usr/bin/chromium
/// (tests/deps/chromium.sh installs it). Playwright never downloads a browser here.
/// </summary>
internal sealed class ChromiumBrowser : IAsyncDisposable
{
    private static readonly string[] Flags =
        ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    private readonly IPlaywright _playwright;

    private ChromiumBrowser(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    public static string Executable => Environment.GetEnvironmentVariable("MESOS_TEST_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static async Task<ChromiumBrowser> Launch()
    {
        if (!File.Exists(Executable)) throw new InvalidOperationException($"No Chromium at {Executable}: tests/deps/chromium.sh installs Debian's chromium");
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Executable, Headless = true, Args = Flags });
        return new ChromiumBrowser(playwright, browser);
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
