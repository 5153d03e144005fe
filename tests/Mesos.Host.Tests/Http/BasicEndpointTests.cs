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

    [Fact]
    public async Task Unknown_paths_answer_404()
    {
        (await _http.GetAsync(Url("/no/such/endpoint"))).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }
}
