using System.Collections.Concurrent;
using System.Net;
using Akka.Configuration;
using Mesos.Actors.Master;
using Mesos.Actors.Settings;
using Mesos.Actors.Framework;
using Mesos.Host.Cli;
using Mesos.Host.Frameworks;
using Mesos.Host.Marathon;

namespace Mesos.Host.Tests.Framework;

/// <summary>
/// A built-in framework, or its standby, that stops (its master shuts down, leads, or hands its leadership over) while
/// clients keep asking on a real port: each request is answered, by the framework or with 503 and Retry-After, or finds
/// the port closed; none waits for an actor that has already stopped, and no forwarded stream holds the port.
/// </summary>
public sealed class BuiltInFrameworkStopTests : IDisposable
{
    private readonly string _workDir = Path.Combine(Path.GetTempPath(), "mesos-framework-stop-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_workDir)) Directory.Delete(_workDir, recursive: true);
    }

    [Fact]
    public async Task A_standby_that_stops_ends_the_event_streams_it_forwards_at_once()
    {
        var leaderPort = RunningMesos.FreePort();
        var standbyPort = RunningMesos.FreePort();
        await using var leader = await StartAlone("marathon", leaderPort);
        var standby = await FrameworkStandby.Start(MarathonProcess.Standby, "127.0.0.1", standbyPort, 1 << 20, () => MasterAddress.Parse($"127.0.0.1:{leaderPort}"),
            CancellationToken.None);
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        using var events = await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{standbyPort}/v2/events"), HttpCompletionOption.ResponseHeadersRead);
        events.StatusCode.Should().Be(HttpStatusCode.OK);
        events.Content.Headers.ContentType!.MediaType.Should().Be("text/event-stream", "the leader's event stream, through the standby");
        using var lines = new StreamReader(await events.Content.ReadAsStreamAsync());
        var ended = Task.Run(async () =>
        {
            try
            {
                while (await lines.ReadLineAsync() is not null)
                {
                }
            }
            catch (IOException)
            {
                // The connection was cut: the stream ended too.
            }
        });

        // Within less than the web host's 30 s shutdown timeout, which an open stream used to hold the port for.
        await standby.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(15));
        await ended.WaitAsync(TimeSpan.FromSeconds(15));
    }

    [Theory]
    [InlineData("marathon", "/v2/apps")]
    [InlineData("chronos", "/v1/scheduler/jobs")]
    public async Task Requests_during_a_stop_are_answered_or_refused_at_once(string framework, string path)
    {
        var port = RunningMesos.FreePort();
        var running = await StartAlone(framework, port);

        // Well below the 30 s a request to a stopped actor used to wait.
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(8) };
        var answers = new ConcurrentQueue<string>();
        // Each client asks again and again until the port is closed.
        var clients = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                try
                {
                    using var response = await http.GetAsync($"http://127.0.0.1:{port}{path}");
                    answers.Enqueue(response.StatusCode == HttpStatusCode.ServiceUnavailable && response.Headers.RetryAfter is null
                        ? "503 without Retry-After" : ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
                catch (HttpRequestException)
                {
                    answers.Enqueue("refused");
                    return;
                }
                catch (TaskCanceledException)
                {
                    answers.Enqueue("unanswered");
                }
            }
        })).ToList();
        await Condition.Until(() => answers.Contains("200"), TimeSpan.FromSeconds(30));

        await running.DisposeAsync();
        await Task.WhenAll(clients).WaitAsync(TimeSpan.FromSeconds(60));

        answers.Distinct().Should().BeSubsetOf(["200", "503", "refused"], "every request is answered or refused at once: {0}",
            string.Join(", ", answers.GroupBy(a => a).Select(g => $"{g.Key} x{g.Count()}")));
    }

    /// <summary>The framework as a master that runs alone starts it; no master answers where it subscribes, and its API serves from its own state all the same.</summary>
    private Task<EmbeddedFrameworks.Running> StartAlone(string framework, int port)
    {
        var config = ConfigurationFactory.ParseString($$"""
            mesos.master { ip = "127.0.0.1", port = {{RunningMesos.FreePort()}}, work-dir = "{{Hocon.Escape(Path.Combine(_workDir, framework + "-" + port))}}" }
            mesos.{{framework}}.http-port = {{port}}
            """).WithFallback(ReferenceConfig.Get());
        var embedded = EmbeddedFrameworks.For(config, MasterSettings.FromConfig(config), chronos: framework == "chronos", marathon: framework == "marathon");
        return embedded.Start(leadership: null, host: null, CancellationToken.None);
    }
}
