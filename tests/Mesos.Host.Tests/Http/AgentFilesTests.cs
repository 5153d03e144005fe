using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Mesos.Actors.Protocol.Json;
using Mesos.V1;
using AgentCall = Mesos.V1.Agent.Call;
using AgentResponse = Mesos.V1.Agent.Response;
using Task = System.Threading.Tasks.Task;

namespace Mesos.Host.Tests.Http;

/// <summary>
/// A real agent's /files endpoints and its LIST_FILES and READ_FILE calls, on the sandbox of a real task
/// that left hostile symlinks and a FIFO in it: what is inside is served, nothing outside ever is.
/// </summary>
public sealed class AgentFilesTests(AgentFilesTests.SandboxCluster sandbox) : IClassFixture<AgentFilesTests.SandboxCluster>, IDisposable
{
    /// <summary>A master, an agent, and one task that wrote into its sandbox, linked out of it and finished: its sandbox stays browsable.</summary>
    public sealed class SandboxCluster : IAsyncLifetime
    {
        public const string TaskId = "writer";

        public ClusterFixture Cluster { get; } = new();
        internal TestFramework Framework { get; private set; } = null!;

        /// <summary>The task's sandbox, as the agent's /state names it.</summary>
        public string Directory { get; private set; } = "";

        public async Task InitializeAsync()
        {
            await Cluster.InitializeAsync();
            Framework = await TestFramework.Subscribe(Cluster.Master, "files-test");
            var offer = await Framework.AnyOffer();
            const string command = "echo hello from the task; ln -s / to-root; ln -s .. up; ln -s /etc/passwd passwd; " +
                "mkdir sub; echo deep > sub/file; ln -s sub inside; mkfifo pipe";
            using (var accepted = await Framework.Send(TestFramework.Launch(offer, TaskId, command))) accepted.StatusCode.Should().Be(HttpStatusCode.Accepted);
            (await Framework.NextUpdate(s => s.State is TaskState.TaskFinished or TaskState.TaskFailed, TimeSpan.FromSeconds(60))).State.Should().Be(TaskState.TaskFinished);
            using var http = new HttpClient();
            var state = JsonDocument.Parse(await http.GetStringAsync($"http://127.0.0.1:{Cluster.AgentPort}/state")).RootElement;
            Directory = new[] { "frameworks", "completed_frameworks" }.SelectMany(f => state.GetProperty(f).EnumerateArray())
                .SelectMany(f => f.GetProperty("executors").EnumerateArray().Concat(f.GetProperty("completed_executors").EnumerateArray()))
                .Single(e => e.GetProperty("id").GetString() == TaskId).GetProperty("directory").GetString()!;
        }

        public async Task DisposeAsync()
        {
            if (Framework is not null) await Framework.TearDown();
            await Cluster.DisposeAsync();
        }
    }

    private readonly HttpClient _http = new();

    public void Dispose() => _http.Dispose();

    private string Url(string endpoint, params (string Name, string Value)[] query) =>
        $"http://127.0.0.1:{sandbox.Cluster.AgentPort}{endpoint}?" + string.Join('&', query.Select(q => $"{q.Name}={Uri.EscapeDataString(q.Value)}"));

    private string Latest(string framework) => $"/frameworks/{framework}/executors/{SandboxCluster.TaskId}/runs/latest";

    [Fact]
    public async Task Browse_lists_the_sandbox_by_its_directory_and_by_latest()
    {
        foreach (var path in new[] { sandbox.Directory, Latest(sandbox.Framework.FrameworkId) })
        {
            var listing = JsonDocument.Parse(await _http.GetStringAsync(Url("/files/browse", ("path", path)))).RootElement.EnumerateArray().ToList();
            var stdout = listing.Single(e => e.GetProperty("path").GetString() == path + "/stdout");
            stdout.GetProperty("mode").GetString().Should().StartWith("-rw");
            stdout.GetProperty("size").GetInt64().Should().BeGreaterThan(0);
            stdout.GetProperty("nlink").GetInt32().Should().Be(1);
            stdout.GetProperty("uid").GetString().Should().NotBeNullOrEmpty();
            stdout.GetProperty("mtime").GetInt64().Should().BeGreaterThan(1_600_000_000);
            listing.Single(e => e.GetProperty("path").GetString() == path + "/sub").GetProperty("mode").GetString().Should().StartWith("d");
            listing.Single(e => e.GetProperty("path").GetString() == path + "/to-root").GetProperty("mode").GetString().Should().StartWith("l");
        }
        var debug = JsonDocument.Parse(await _http.GetStringAsync(Url("/files/debug"))).RootElement;
        debug.GetProperty(sandbox.Directory).GetString().Should().Be(sandbox.Directory);
        debug.GetProperty(Latest(sandbox.Framework.FrameworkId)).GetString().Should().Be(sandbox.Directory);
    }

    [Fact]
    public async Task Read_returns_data_from_an_offset_the_size_for_minus_one_and_answers_jsonp()
    {
        var stdout = sandbox.Directory + "/stdout";
        var read = JsonDocument.Parse(await _http.GetStringAsync(Url("/files/read", ("path", stdout), ("offset", "6"), ("length", "9")))).RootElement;
        read.GetProperty("data").GetString().Should().Be("from the ");
        read.GetProperty("offset").GetInt64().Should().Be(6);
        var size = JsonDocument.Parse(await _http.GetStringAsync(Url("/files/read.json", ("path", stdout), ("offset", "-1")))).RootElement;
        size.GetProperty("data").GetString().Should().BeEmpty();
        size.GetProperty("offset").GetInt64().Should().Be(new System.IO.FileInfo(stdout).Length);

        using var jsonp = await _http.GetAsync(Url("/files/read", ("path", stdout), ("offset", "0"), ("jsonp", "cb")));
        jsonp.Content.Headers.ContentType!.MediaType.Should().Be("text/javascript");
        (await jsonp.Content.ReadAsStringAsync()).Should().StartWith("cb({\"data\":\"hello from the task\\n");

        (await _http.GetAsync(Url("/files/read", ("path", stdout)))).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await _http.GetAsync(Url("/files/read", ("path", stdout), ("offset", "x")))).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await _http.GetAsync(Url("/files/read", ("path", stdout), ("offset", "-7")))).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await _http.GetAsync(Url("/files/read", ("path", sandbox.Directory + "/sub"), ("offset", "0")))).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await _http.GetAsync(Url("/files/read", ("path", sandbox.Directory + "/pipe"), ("offset", "0")))).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await _http.GetAsync(Url("/files/browse"))).StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Download_sends_the_file_as_an_attachment()
    {
        using var response = await _http.GetAsync(Url("/files/download", ("path", Latest(sandbox.Framework.FrameworkId) + "/inside/file")));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentDisposition!.DispositionType.Should().Be("attachment");
        response.Content.Headers.ContentDisposition.FileNameStar.Should().Be("file");
        (await response.Content.ReadAsStringAsync()).Should().Be("deep\n");
        (await _http.GetAsync(Url("/files/download", ("path", sandbox.Directory)))).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        // A download under ?jsonp= (the stock UI adds it to every call) is the file's bytes, unwrapped.
        (await _http.GetStringAsync(Url("/files/download", ("path", Latest(sandbox.Framework.FrameworkId) + "/inside/file"), ("jsonp", "render")))).Should().Be("deep\n");
    }

    [Fact]
    public async Task Every_way_out_of_the_sandbox_is_refused_and_nothing_outside_is_served()
    {
        var d = sandbox.Directory;
        var parent = Path.GetDirectoryName(d)!;
        var hostile = new[]
        {
            "/etc/passwd", "/", d + "/../" + Path.GetFileName(d) + "/stdout", d + "/sub/../../..", d + "/to-root/etc/passwd", d + "/passwd",
            d + "/up", d + "/up/" + Path.GetFileName(d) + "/stdout", d + "/to-root", parent, parent + "/latest", d + "\0/stdout", d + "/%2e%2e/%2e%2e",
            Latest(sandbox.Framework.FrameworkId) + "/../../..", Latest(sandbox.Framework.FrameworkId) + "/to-root/etc/passwd",
        };
        foreach (var path in hostile)
        {
            foreach (var endpoint in new[] { "/files/browse", "/files/read", "/files/download" })
            {
                using var response = await _http.GetAsync(Url(endpoint, ("path", path), ("offset", "0")));
                response.StatusCode.Should().BeOneOf([HttpStatusCode.Forbidden, HttpStatusCode.NotFound], $"{endpoint} of {path}");
                (await response.Content.ReadAsStringAsync()).Should().NotContain("root:x:0", $"{endpoint} of {path}");
            }
        }
        // Encoded once on the wire, as a browser sends it: decoded once, to a '..' that is refused.
        foreach (var raw in new[] { "%2e%2e", "%2E%2E", "%252e%252e", "..%2f..%2f", "%2e%2e%2f%2e%2e%2fetc%2fpasswd" })
        {
            using var response = await _http.GetAsync($"http://127.0.0.1:{sandbox.Cluster.AgentPort}/files/read?offset=0&path={Uri.EscapeDataString(d)}%2f{raw}");
            response.StatusCode.Should().BeOneOf([HttpStatusCode.Forbidden, HttpStatusCode.NotFound], raw);
        }
    }

    [Fact]
    public async Task LIST_FILES_and_READ_FILE_answer_in_json_and_protobuf_and_refuse_what_files_refuses()
    {
        var list = await Call(new AgentCall { Type = AgentCall.Types.Type.ListFiles, ListFiles = new() { Path = sandbox.Directory } }, protobuf: false);
        var stdout = list.ListFiles.FileInfos.Single(f => f.Path == sandbox.Directory + "/stdout");
        stdout.Size.Should().BeGreaterThan(0);
        (stdout.Mode & 0xF000).Should().Be(0x8000u);
        stdout.Mtime.Nanoseconds.Should().BeGreaterThan(0);
        list.ListFiles.FileInfos.Single(f => f.Path.EndsWith("/sub", StringComparison.Ordinal)).Mode.Should().Match(m => (m & 0xF000) == 0x4000);

        var read = await Call(new AgentCall { Type = AgentCall.Types.Type.ReadFile, ReadFile = new() { Path = sandbox.Directory + "/stdout", Offset = 0, Length = 5 } }, protobuf: true);
        read.Type.Should().Be(AgentResponse.Types.Type.ReadFile);
        read.ReadFile.Data.ToStringUtf8().Should().Be("hello");
        read.ReadFile.Size.Should().Be((ulong)new System.IO.FileInfo(sandbox.Directory + "/stdout").Length);

        (await Post(new AgentCall { Type = AgentCall.Types.Type.ReadFile, ReadFile = new() { Path = sandbox.Directory + "/passwd", Offset = 0 } }, false)).Status.Should().Be(HttpStatusCode.Forbidden);
        (await Post(new AgentCall { Type = AgentCall.Types.Type.ListFiles, ListFiles = new() { Path = sandbox.Directory + "/to-root" } }, true)).Status.Should().Be(HttpStatusCode.Forbidden);
        (await Post(new AgentCall { Type = AgentCall.Types.Type.ListFiles, ListFiles = new() { Path = "/etc" } }, false)).Status.Should().Be(HttpStatusCode.NotFound);
        var missing = await Post(new AgentCall { Type = AgentCall.Types.Type.ReadFile }, false);
        missing.Status.Should().Be(HttpStatusCode.BadRequest);
        missing.Text.Should().Contain("read_file");
    }

    [Fact]
    public async Task An_agent_with_a_log_dir_serves_its_log_as_slave_log()
    {
        var logDir = Path.Combine(sandbox.Cluster.WorkDir, "logs");
        var port = RunningMesos.FreePort();
        await using var agent = RunningMesos.Start("agent", $"--master={sandbox.Cluster.Master}", "--ip=127.0.0.1", $"--port={port}",
            $"--work_dir={Path.Combine(sandbox.Cluster.WorkDir, "logging-agent")}", "--resources=cpus:1;mem:128", $"--log_dir={logDir}");
        await agent.WaitForOutputs(ClusterFixture.AgentReady);
        string At(string endpoint, string path, string query = "") => $"http://127.0.0.1:{port}{endpoint}?path={Uri.EscapeDataString(path)}{query}";

        var debug = JsonDocument.Parse(await _http.GetStringAsync($"http://127.0.0.1:{port}/files/debug")).RootElement;
        debug.GetProperty("/slave/log").GetString().Should().Be(Path.Combine(logDir, "mesos-agent.log"));
        var log = JsonDocument.Parse(await _http.GetStringAsync(At("/files/read", "/slave/log", "&offset=0"))).RootElement;
        log.GetProperty("data").GetString().Should().Contain("Subscribed to master");
        var listing = JsonDocument.Parse(await _http.GetStringAsync(At("/files/browse", "/slave/log"))).RootElement;
        listing.EnumerateArray().Single().GetProperty("path").GetString().Should().Be("/slave/log");
        (await _http.GetAsync(At("/files/read", "/slave/log/..", "&offset=0"))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await _http.GetAsync(At("/files/read", "/slave/logs", "&offset=0"))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await _http.GetAsync(At("/files/browse", "/slave"))).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    private async Task<AgentResponse> Call(AgentCall call, bool protobuf)
    {
        var (status, body, _) = await Post(call, protobuf);
        status.Should().Be(HttpStatusCode.OK, Encoding.UTF8.GetString(body));
        return protobuf ? AgentResponse.Parser.ParseFrom(body) : MesosJson.Parse<AgentResponse>(Encoding.UTF8.GetString(body));
    }

    private async Task<(HttpStatusCode Status, byte[] Body, string Text)> Post(AgentCall call, bool protobuf)
    {
        var mediaType = protobuf ? "application/x-protobuf" : "application/json";
        using var content = protobuf ? new ByteArrayContent(call.ToByteArray()) : new StringContent(MesosJson.Serialize(call), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{sandbox.Cluster.AgentPort}/api/v1") { Content = content };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(mediaType));
        using var response = await _http.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        return (response.StatusCode, body, Encoding.UTF8.GetString(body));
    }
}
