using System.Net;
using System.Text;
using System.Text.Json;

namespace Mesos.Host.Tests.Marathon;

/// <summary>The built-in Marathon inside `mesos local` and `mesos master --marathon`, as real processes, with plain command apps.</summary>
public sealed class EmbeddedMarathonTests(LocalClusterFixture local) : IClassFixture<LocalClusterFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly HttpClient _http = new();

    private string Api(string path) => $"http://127.0.0.1:{local.MarathonPort}{path}";

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        // The local agent runs the apps' tasks as processes: they go with the test.
        var apps = await Get(Api("/v2/apps"));
        foreach (var app in apps.GetProperty("apps").EnumerateArray()) await _http.DeleteAsync(Api($"/v2/apps{app.GetProperty("id").GetString()}?force=true"));
        await Until(async () => (await Get(Api("/v2/tasks"))).GetProperty("tasks").GetArrayLength() == 0);
        _http.Dispose();
    }

    [Fact]
    public async Task The_seed_walk_through_on_mesos_local_creates_an_app_scales_it_to_two_and_shows_both_running()
    {
        using var created = await Send(HttpMethod.Post, "/v2/apps", """{"id":"/seed","cmd":"sleep 1000","cpus":0.1,"mem":32}""");
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        await Until(async () => Running(await App("seed")) == 1);

        // As the walk-through has a user type it: curl -H 'Content-Type: application/json' -X PUT -d '{"instances":2}' .../v2/apps/seed
        using var scaled = await Send(HttpMethod.Put, "/v2/apps/seed", """{"instances":2}""");
        scaled.StatusCode.Should().Be(HttpStatusCode.OK);
        await Until(async () => Running(await App("seed")) == 2);

        var app = await App("seed");
        app.GetProperty("instances").GetInt32().Should().Be(2);
        app.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("state").GetString()).Should().Equal("TASK_RUNNING", "TASK_RUNNING");
        var marathon = (await Get($"http://{local.Master}/master/frameworks")).GetProperty("frameworks").EnumerateArray()
            .Single(f => f.GetProperty("name").GetString() == "marathon");
        marathon.GetProperty("active").GetBoolean().Should().BeTrue();
        marathon.GetProperty("webui_url").GetString().Should().EndWith($":{local.MarathonPort}");
        (await _http.GetStringAsync(Api("/"))).Should().Contain("<title>Marathon</title>");
        marathon.GetProperty("tasks").EnumerateArray().Where(t => t.GetProperty("state").GetString() == "TASK_RUNNING").Select(t => t.GetProperty("id").GetString())
            .Should().BeEquivalentTo(app.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Mesos_master_with_marathon_serves_marathon_api_and_keeps_its_apps_in_the_master_work_dir()
    {
        var port = RunningMesos.FreePort();
        var marathonPort = RunningMesos.FreePort();
        var workDir = Path.Combine(Path.GetTempPath(), "mesos-master-marathon-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using (var master = RunningMesos.Start("master", "--ip=127.0.0.1", $"--port={port}", $"--work_dir={workDir}", "--marathon", $"--marathon_http_port={marathonPort}"))
            {
                await master.WaitForOutputs("Master", "Marathon listening on");
                var info = await Get($"http://127.0.0.1:{marathonPort}/v2/info");
                await Until(async () => (await Get($"http://127.0.0.1:{port}/master/frameworks")).GetProperty("frameworks").EnumerateArray()
                    .Any(f => f.GetProperty("name").GetString() == "marathon"));

                info.GetProperty("leader").GetString().Should().EndWith($":{marathonPort}");
                info.GetProperty("marathon_config").GetProperty("master").GetString().Should().Be($"127.0.0.1:{port}");
            }
            File.Exists(Path.Combine(workDir, "marathon", "marathon.db")).Should().BeTrue();
        }
        finally
        {
            if (Directory.Exists(workDir)) Directory.Delete(workDir, recursive: true);
        }
    }

    [Fact]
    public async Task Mesos_master_with_marathon_on_a_port_that_is_no_port_says_so()
    {
        var (exit, _, stderr) = await MesosProcess.RunAsync("master", "--ip=127.0.0.1", $"--port={RunningMesos.FreePort()}", "--registry=in_memory",
            "--marathon", "--marathon_http_port=70000");

        exit.Should().Be(1);
        stderr.Should().Contain("70000");
    }

    [Theory]
    [InlineData("master")]
    [InlineData("local")]
    public async Task Help_names_the_marathon_flags(string command)
    {
        var (exit, stdout, _) = await MesosProcess.RunAsync(command, "--help");

        exit.Should().Be(0);
        stdout.Should().Contain("--marathon ").And.Contain("--marathon_http_port").And.Contain("8080");
    }

    private async Task<HttpResponseMessage> Send(HttpMethod method, string path, string json)
    {
        using var request = new HttpRequestMessage(method, Api(path)) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        return await _http.SendAsync(request);
    }

    private async Task<JsonElement> Get(string url) => JsonDocument.Parse(await _http.GetStringAsync(url)).RootElement.Clone();

    private async Task<JsonElement> App(string id) => (await Get(Api($"/v2/apps/{id}"))).GetProperty("app");

    private static int Running(JsonElement app) =>
        app.GetProperty("deployments").GetArrayLength() == 0 ? app.GetProperty("tasks").EnumerateArray().Count(t => t.GetProperty("state").GetString() == "TASK_RUNNING") : -1;

    private static Task Until(Func<Task<bool>> condition) => Condition.Until(condition, Patience);
}
