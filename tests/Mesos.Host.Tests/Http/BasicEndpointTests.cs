using System.Net;
using System.Text.Json;

namespace Mesos.Host.Tests.Http;

/// <summary>The endpoints every master and agent serves, asked of real processes over real sockets.</summary>
public sealed class BasicEndpointTests : IAsyncLifetime
{
    private readonly string _workDir = Path.Combine(Path.GetTempPath(), "mesos-test-" + Guid.NewGuid().ToString("N"));
    private readonly int _port = RunningMesos.FreePort();
    private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false });
    private RunningMesos _master = null!;

    private string Url(string path) => $"http://127.0.0.1:{_port}{path}";

    public async Task InitializeAsync()
    {
        _master = RunningMesos.Start("master", "--ip=127.0.0.1", $"--port={_port}", $"--work_dir={_workDir}", "--hostname=master.test");
        await _master.WaitForOutput("listening on");
    }

    public async Task DisposeAsync()
    {
        await _master.DisposeAsync();
        _http.Dispose();
        if (Directory.Exists(_workDir)) Directory.Delete(_workDir, recursive: true);
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/master/health")]
    public async Task Health_answers_200_with_an_empty_body(string path)
    {
        var response = await _http.GetAsync(Url(path));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task Version_answers_with_Mesos_fields()
    {
        var json = JsonDocument.Parse(await _http.GetStringAsync(Url("/version"))).RootElement;
        json.GetProperty("version").GetString().Should().MatchRegex(@"^\d+\.\d+\.\d+$");
        json.GetProperty("build_date").GetString().Should().NotBeNullOrEmpty();
        json.TryGetProperty("build_time", out _).Should().BeTrue();
        json.TryGetProperty("build_user", out _).Should().BeTrue();
    }

    [Fact]
    public async Task Flags_show_every_value_as_a_Mesos_string()
    {
        var flags = JsonDocument.Parse(await _http.GetStringAsync(Url("/master/flags"))).RootElement.GetProperty("flags");
        flags.GetProperty("port").GetString().Should().Be(_port.ToString());
        flags.GetProperty("agent_ping_timeout").GetString().Should().Be("15secs");
        flags.GetProperty("work_dir").GetString().Should().Be(_workDir);
    }

    [Fact]
    public async Task Redirect_points_at_the_leading_master_with_a_scheme_relative_location()
    {
        var response = await _http.GetAsync(Url("/master/redirect"));
        response.StatusCode.Should().Be(HttpStatusCode.TemporaryRedirect);
        response.Headers.Location!.OriginalString.Should().Be($"//master.test:{_port}");
        var deep = await _http.GetAsync(Url("/master/redirect/master/state"));
        deep.Headers.Location!.OriginalString.Should().Be($"//master.test:{_port}/master/state");
    }

    [Fact]
    public async Task A_redirect_to_a_path_of_any_characters_keeps_them_escaped_in_its_location()
    {
        var response = await _http.GetAsync(Url("/master/redirect/a%E2%80%AEb%0D%0Ac"));
        response.StatusCode.Should().Be(HttpStatusCode.TemporaryRedirect);
        response.Headers.Location!.OriginalString.Should().Be($"//master.test:{_port}/a%E2%80%AEb%0D%0Ac");
    }

    [Fact]
    public async Task Jsonp_wraps_a_json_answer_in_the_callback()
    {
        var response = await _http.GetAsync(Url("/version?jsonp=show"));
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/javascript");
        var body = await response.Content.ReadAsStringAsync();
        body.Should().StartWith("show({").And.EndWith("});");
    }

    [Fact]
    public async Task A_jsonp_callback_that_is_not_an_identifier_is_refused()
    {
        var response = await _http.GetAsync(Url("/version?jsonp=alert(1)"));
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("/no/such/endpoint")]
    [InlineData("/no/such/endpoint?jsonp=cb")]
    public async Task Unknown_paths_answer_404_saying_so(string path)
    {
        var response = await _http.GetAsync(Url(path));

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).Should().Be("No endpoint at '/no/such/endpoint'");
    }

    [Fact]
    public async Task A_method_an_endpoint_does_not_take_answers_405_naming_the_one_it_does()
    {
        var response = await _http.GetAsync(Url("/master/reserve"));

        response.StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);
        (await response.Content.ReadAsStringAsync()).Should().Be("'/master/reserve' takes POST, not GET");
    }

    [Theory]
    [InlineData("FFFFFFFFFFFFFFFFFFFF")]
    [InlineData("7FFFFFFFFFFFFFFF")]
    public async Task A_chunk_size_beyond_any_body_answers_400_with_the_reason(string size)
    {
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, _port);
        var request = $"POST /api/v1 HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n{size}\r\n{{}}\r\n0\r\n\r\n";
        await socket.SendAsync(System.Text.Encoding.ASCII.GetBytes(request));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var answer = new List<byte>();
        var buffer = new byte[4096];
        for (int read; (read = await socket.ReceiveAsync(buffer, deadline.Token)) > 0;) answer.AddRange(buffer[..read]);

        var text = System.Text.Encoding.ASCII.GetString([.. answer]);
        text.Should().StartWith("HTTP/1.1 400").And.Contain("Failed to read the request body");
    }
}
