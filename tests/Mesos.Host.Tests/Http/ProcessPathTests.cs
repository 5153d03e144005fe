using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Google.Protobuf;
using Mesos.Actors.Protocol.Json;
using Mesos.Actors.Protocol.RecordIO;
using Mesos.V1.Scheduler;
using FrameworkInfo = Mesos.V1.FrameworkInfo;
using Task = System.Threading.Tasks.Task;

namespace Mesos.Host.Tests.Http;

/// <summary>
/// Mesos' own clients put the process's libprocess name in front of every path (mesos-execute posts to
/// /master/api/v1/scheduler, the C++ executor library to /slave(1)/api/v1/executor, the web UI reads
/// /slave(1)/state): each such path must answer as the short one does.
/// </summary>
public sealed class ProcessPathTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>, IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public void Dispose() => _http.Dispose();

    private string AgentUrl(string path) => $"http://127.0.0.1:{cluster.AgentPort}{path}";

    /// <summary>What a client can tell of an answer: its status, its content type and, for JSON, the shape of its body.</summary>
    private static async Task<string> Answer(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        var content = mediaType == "application/json" && body.Length > 0 ? string.Join('\n', JsonShape.Of(body)) : body;
        return $"{(int)response.StatusCode} {mediaType}\n{content}";
    }

    private async Task<string> Get(string url)
    {
        using var response = await _http.GetAsync(url);
        return await Answer(response);
    }

    private async Task<string> PostJson(string url, string json)
    {
        using var response = await _http.PostAsync(url, new StringContent(json, Encoding.UTF8, "application/json"));
        return await Answer(response);
    }

    [Theory]
    [InlineData("/master/state", "/state")]
    [InlineData("/master/state-summary", "/state-summary")]
    [InlineData("/master/frameworks", "/frameworks")]
    [InlineData("/master/slaves", "/slaves")]
    [InlineData("/master/tasks", "/tasks")]
    [InlineData("/master/roles", "/roles")]
    [InlineData("/master/weights", "/weights")]
    [InlineData("/master/quota", "/quota")]
    [InlineData("/master/flags", "/flags")]
    [InlineData("/master/health", "/health")]
    [InlineData("/master/version", "/version")]
    public async Task The_masters_v0_endpoints_answer_under_master_as_at_their_short_paths(string prefixed, string shortPath)
    {
        var answer = await Get(cluster.MasterUrl(prefixed));

        answer.Should().StartWith("200 ");
        answer.Should().Be(await Get(cluster.MasterUrl(shortPath)));
    }

    [Theory]
    [InlineData("/slave(1)/state", "/state")]
    [InlineData("/slave(1)/flags", "/flags")]
    [InlineData("/slave(1)/health", "/health")]
    [InlineData("/slave(1)/version", "/version")]
    public async Task The_agents_v0_endpoints_answer_under_slave_1_as_at_their_short_paths(string prefixed, string shortPath)
    {
        var answer = await Get(AgentUrl(prefixed));

        answer.Should().StartWith("200 ");
        answer.Should().Be(await Get(AgentUrl(shortPath)));
    }

    [Theory]
    [InlineData("GET_STATE")]
    [InlineData("GET_HEALTH")]
    public async Task Operator_calls_to_master_api_v1_answer_as_on_api_v1(string call)
    {
        var json = $$"""{"type":"{{call}}"}""";
        var answer = await PostJson(cluster.MasterUrl("/master/api/v1"), json);

        answer.Should().StartWith("200 application/json");
        answer.Should().Be(await PostJson(cluster.MasterUrl("/api/v1"), json));
    }

    [Theory]
    [InlineData("GET_STATE")]
    [InlineData("GET_HEALTH")]
    public async Task Operator_calls_to_slave_1_api_v1_answer_as_on_api_v1(string call)
    {
        var json = $$"""{"type":"{{call}}"}""";
        var answer = await PostJson(AgentUrl("/slave(1)/api/v1"), json);

        answer.Should().StartWith("200 application/json");
        answer.Should().Be(await PostJson(AgentUrl("/api/v1"), json));
    }

    [Fact]
    public async Task An_executor_call_to_slave_1_api_v1_executor_answers_as_on_api_v1_executor()
    {
        // No executor of that framework runs here: the agent's refusal must be the same on both paths.
        const string subscribe = """{"type":"SUBSCRIBE","framework_id":{"value":"no-such-framework"},"executor_id":{"value":"no-such-executor"},"subscribe":{}}""";
        var answer = await PostJson(AgentUrl("/slave(1)/api/v1/executor"), subscribe);

        answer.Should().NotStartWith("404");
        answer.Should().Be(await PostJson(AgentUrl("/api/v1/executor"), subscribe));
    }

    [Fact]
    public async Task A_JSON_SUBSCRIBE_to_master_api_v1_scheduler_opens_a_stream_as_on_api_v1_scheduler()
    {
        var subscribe = """{"type":"SUBSCRIBE","subscribe":{"framework_info":{"user":"root","name":"prefixed-json"}}}""";
        var prefixed = await Subscribe("/master/api/v1/scheduler", new StringContent(subscribe, Encoding.UTF8, "application/json"), "application/json");
        var plain = await Subscribe("/api/v1/scheduler", new StringContent(subscribe, Encoding.UTF8, "application/json"), "application/json");

        prefixed.Should().Be(plain);
        prefixed.Status.Should().Be(HttpStatusCode.OK);
        prefixed.MediaType.Should().Be("application/json");
        MesosJson.Parse<Event>(prefixed.First).Type.Should().Be(Event.Types.Type.Subscribed);
    }

    [Fact]
    public async Task A_protobuf_SUBSCRIBE_to_master_api_v1_scheduler_opens_a_stream_as_on_api_v1_scheduler()
    {
        HttpContent Body()
        {
            var call = new Call { Type = Call.Types.Type.Subscribe, Subscribe = new() { FrameworkInfo = new FrameworkInfo { User = "root", Name = "prefixed-protobuf" } } };
            var content = new ByteArrayContent(call.ToByteArray());
            content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
            return content;
        }
        var prefixed = await Subscribe("/master/api/v1/scheduler", Body(), "application/x-protobuf");
        var plain = await Subscribe("/api/v1/scheduler", Body(), "application/x-protobuf");

        prefixed.Should().Be(plain);
        prefixed.Status.Should().Be(HttpStatusCode.OK);
        prefixed.MediaType.Should().Be("application/x-protobuf");
        Event.Parser.ParseFrom(prefixed.First).Type.Should().Be(Event.Types.Type.Subscribed);
    }

    /// <summary>
    /// What a framework sees of a SUBSCRIBE: the status, the stream's content type, whether it has a stream id,
    /// and the type of the first event (the event itself names a framework id of its own). The stream is closed
    /// after, which ends the framework (its failover timeout is 0).
    /// </summary>
    private async Task<Subscription> Subscribe(string path, HttpContent body, string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, cluster.MasterUrl(path)) { Content = body };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var events = new RecordIOReader(await response.Content.ReadAsStreamAsync(), 1 << 20);
        var first = await events.ReadAsync() ?? [];
        return new Subscription(response.StatusCode, response.Content.Headers.ContentType?.MediaType, response.Headers.Contains("Mesos-Stream-Id"), first);
    }

    private sealed record Subscription(HttpStatusCode Status, string? MediaType, bool HasStreamId, byte[] First)
    {
        public bool Equals(Subscription? other) =>
            other is not null && Status == other.Status && MediaType == other.MediaType && HasStreamId == other.HasStreamId
            && FirstType == other.FirstType;

        public override int GetHashCode() => HashCode.Combine(Status, MediaType, HasStreamId, FirstType);

        private string FirstType => MediaType == "application/x-protobuf"
            ? Event.Parser.ParseFrom(First).Type.ToString()
            : MesosJson.Parse<Event>(First).Type.ToString();
    }
}
