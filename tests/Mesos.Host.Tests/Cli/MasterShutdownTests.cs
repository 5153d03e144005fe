using System.Net;
using System.Text;

namespace Mesos.Host.Tests.Cli;

public sealed class MasterShutdownTests
{
    [Fact]
    public async Task SIGTERM_ends_the_masters_open_event_streams_and_the_master_exits_without_waiting_for_them()
    {
        var port = RunningMesos.FreePort();
        var dir = Path.Combine(Path.GetTempPath(), "mesos-shutdown-test-" + Guid.NewGuid().ToString("N"));
        await using var master = RunningMesos.Start("master", "--ip=127.0.0.1", $"--port={port}", $"--work_dir={dir}");
        try
        {
            await master.WaitForOutput("listening on");
            using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            var framework = await OpenStream(http, $"http://127.0.0.1:{port}/api/v1/scheduler",
                """{"type":"SUBSCRIBE","subscribe":{"framework_info":{"name":"held-open","user":"root"}}}""");
            var operatorStream = await OpenStream(http, $"http://127.0.0.1:{port}/api/v1", """{"type":"SUBSCRIBE"}""");

            // Kestrel's graceful stop would wait out its whole timeout (30 s) for streams nobody ends.
            (await master.Terminate(TimeSpan.FromSeconds(10))).Should().BeOneOf(0, 143);

            using var drained = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await ReadToEnd(framework, drained.Token);
            await ReadToEnd(operatorStream, drained.Token);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<Stream> OpenStream(HttpClient http, string url, string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return await response.Content.ReadAsStreamAsync();
    }

    // The stream ends as a chunked response ends: reading comes to its end instead of failing.
    private static async Task ReadToEnd(Stream stream, CancellationToken cancel)
    {
        var buffer = new byte[4096];
        while (await stream.ReadAsync(buffer, cancel) > 0)
        {
        }
    }
}
