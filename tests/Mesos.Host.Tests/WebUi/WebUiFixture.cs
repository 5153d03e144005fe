namespace Mesos.Host.Tests.WebUi;

/// <summary>The cluster the UI shows, one Chromium, and two tabs on the UI: 1280 and 400 pixels wide.</summary>
public sealed class WebUiFixture : IAsyncLifetime
{
    private ChromiumBrowser? _browser;

    public WebUiCluster Cluster { get; } = new();

    internal UiPage Wide { get; private set; } = null!;

    internal UiPage Narrow { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Cluster.InitializeAsync();
        _browser = await ChromiumBrowser.Launch();
        Wide = await UiPage.Open(_browser.Browser, Cluster.Url, 1280);
        Narrow = await UiPage.Open(_browser.Browser, Cluster.Url, 400);
    }

    public async Task DisposeAsync()
    {
        if (Wide is not null) await Wide.DisposeAsync();
        if (Narrow is not null) await Narrow.DisposeAsync();
        if (_browser is not null) await _browser.DisposeAsync();
        await Cluster.DisposeAsync();
    }
}
