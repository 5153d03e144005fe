using System.Collections.Concurrent;
using System.Net;
using Akka.Configuration;
using Mesos.Actors.Master;
using Mesos.Actors.Settings;
using Mesos.Host.Cli;

namespace Mesos.Host.Tests.Framework;

/// <summary>
/// A built-in framework that stops (its master shuts down, or hands its leadership over) while clients keep asking
/// its API on a real port: each request is answered, by the framework or with 503 and Retry-After, or finds the port
/// closed; none waits for an actor that has already stopped.
/// </summary>
public sealed class BuiltInFrameworkStopTests : IDisposable
{
    private readonly string _workDir = Path.Combine(Path.GetTempPath(), "mesos-framework-stop-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_workDir)) Directory.Delete(_workDir, recursive: true);
    }

    [Theory]
    [InlineData("marathon", "/v2/apps")]
    [InlineData("chronos", "/v1/scheduler/jobs")]
    public async Task Requests_during_a_stop_are_answered_or_refused_at_once(string framework, string path)
    {
        var port = RunningMesos.FreePort();
        // No master answers there: the framework's API serves from its own state all the same.
        var config = ConfigurationFactory.ParseString($$"""
            mesos.master { ip = "127.0.0.1", port = {{RunningMesos.FreePort()}}, work-dir = "{{Hocon.Escape(_workDir)}}" }
            mesos.{{framework}}.http-port = {{port}}
            """).WithFallback(ReferenceConfig.Get());
        var embedded = EmbeddedFrameworks.For(config, MasterSettings.FromConfig(config), chronos: framework == "chronos", marathon: framework == "marathon");
        var running = await embedded.Start(leadership: null, host: null, CancellationToken.None);

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
}
