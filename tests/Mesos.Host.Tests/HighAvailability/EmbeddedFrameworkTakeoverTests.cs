using System.Net;
using System.Text.Json;
using Akka.Configuration;
using Mesos.Actors.Framework;
using Mesos.Actors.Master;
using Mesos.Actors.Settings;
using Mesos.Host.Cli;
using Mesos.Host.Master.HighAvailability;

namespace Mesos.Host.Tests.HighAvailability;

/// <summary>
/// The built-in frameworks of a master in a cluster, on real ports: while the master does not lead they stand by
/// and send clients on (here no master leads, so they say so), once it leads they take over and serve, and when it
/// stops leading without stopping (handed over to an older master) they stand by again until it leads again.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class EmbeddedFrameworkTakeoverTests : IAsyncLifetime
{
    private readonly string _workDir = Path.Combine(Path.GetTempPath(), "mesos-takeover-" + Guid.NewGuid().ToString("N"));
    private readonly int _marathonPort = RunningMesos.FreePort();
    private readonly int _chronosPort = RunningMesos.FreePort();
    private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(10) };

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        _http.Dispose();
        if (Directory.Exists(_workDir)) Directory.Delete(_workDir, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_frameworks_stand_by_while_no_master_leads_take_over_from_the_registry_store_when_theirs_leads_and_stand_by_again_when_it_no_longer_does()
    {
        var masterPort = RunningMesos.FreePort();
        var config = ConfigurationFactory.ParseString($$"""
            mesos.master { ip = "127.0.0.1", port = {{masterPort}}, work-dir = "{{Hocon.Escape(_workDir)}}", registry-store = "sqlite:{{Hocon.Escape(Path.Combine(_workDir, "registry.db"))}}" }
            mesos.marathon.http-port = {{_marathonPort}}
            mesos.chronos.http-port = {{_chronosPort}}
            """).WithFallback(ReferenceConfig.Get());
        var leadership = Leadership.InCluster();
        var embedded = EmbeddedFrameworks.For(config, MasterSettings.FromConfig(config), chronos: true, marathon: true);

        await using (var running = await embedded.Start(leadership, host: null, CancellationToken.None))
        {
            using (var leader = await _http.GetAsync(Marathon("/v2/leader")))
            {
                leader.StatusCode.Should().Be(HttpStatusCode.NotFound, "Marathon answers so while there is no leader");
                JsonDocument.Parse(await leader.Content.ReadAsStringAsync()).RootElement.GetProperty("message").GetString().Should().Be("There is no leader");
            }
            using (var apps = await _http.GetAsync(Marathon("/v2/apps")))
            {
                apps.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
                apps.Headers.RetryAfter.Should().NotBeNull();
            }
            (await _http.GetStringAsync(Marathon("/ping"))).Should().Be("pong");
            (await _http.GetAsync(Chronos("/leader"))).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
            File.Exists(Path.Combine(_workDir, "registry.db")).Should().BeFalse("a framework that stands by keeps no state");

            leadership.Update(new LeaderView(true, new MasterAddress("127.0.0.1", masterPort), Epoch: 1));

            await Condition.Until(async () => await Status(Marathon("/v2/apps")) == HttpStatusCode.OK && await Status(Chronos("/v1/scheduler/jobs")) == HttpStatusCode.OK,
                TimeSpan.FromSeconds(60));
            (await _http.GetStringAsync(Marathon("/v2/leader"))).Should().Contain($":{_marathonPort}");

            // The master was handed over to an older one and stays, a follower: its frameworks stop acting and stand by again.
            leadership.Update(new LeaderView(false, null, Epoch: 0));
            await Condition.Until(async () => await Status(Marathon("/v2/apps")) == HttpStatusCode.ServiceUnavailable
                && await Status(Chronos("/leader")) == HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(60));

            leadership.Update(new LeaderView(true, new MasterAddress("127.0.0.1", masterPort), Epoch: 2));
            await Condition.Until(async () => await Status(Marathon("/v2/apps")) == HttpStatusCode.OK && await Status(Chronos("/v1/scheduler/jobs")) == HttpStatusCode.OK,
                TimeSpan.FromSeconds(60));
            running.Failed.IsCompleted.Should().BeFalse();
        }

        File.Exists(Path.Combine(_workDir, "registry.db")).Should().BeTrue("the frameworks keep their state on the registry's store");
        File.Exists(Path.Combine(_workDir, "marathon", "marathon.db")).Should().BeFalse();
        (await Status(Marathon("/ping"))).Should().BeNull("the frameworks stop with the master");
    }

    private string Marathon(string path) => $"http://127.0.0.1:{_marathonPort}{path}";

    private string Chronos(string path) => $"http://127.0.0.1:{_chronosPort}{path}";

    private async Task<HttpStatusCode?> Status(string url)
    {
        try
        {
            using var response = await _http.GetAsync(url);
            return response.StatusCode;
        }
        // A request that reaches a framework while it stops (it swaps for its standby) may get no answer at all.
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }
}
