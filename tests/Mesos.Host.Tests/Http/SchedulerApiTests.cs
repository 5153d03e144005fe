using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Google.Protobuf;
using Mesos.Actors.Protocol.Json;
using Mesos.Actors.Protocol.RecordIO;
using FrameworkInfo = Mesos.V1.FrameworkInfo;
using Mesos.V1.Scheduler;

namespace Mesos.Host.Tests.Http;

/// <summary>The v1 scheduler API of a real master process, over real sockets, in JSON and protobuf.</summary>
public sealed class SchedulerApiTests(MasterFixture master) : IClassFixture<MasterFixture>, IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public void Dispose() => _http.Dispose();

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static string SubscribeJson(string name) =>
        $$$$"""{"type":"SUBSCRIBE","subscribe":{"framework_info":{"user":"root","name":"{{{{name}}}}"}}}""";

    private async Task<(HttpResponseMessage Response, RecordIOReader Events)> Subscribe(HttpContent body, string? accept = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, master.Url("/api/v1/scheduler")) { Content = body };
        if (accept is not null) request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return (response, new RecordIOReader(await response.Content.ReadAsStreamAsync(), 1 << 20));
    }

    private async Task<HttpResponseMessage> Post(string json, string? streamId)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, master.Url("/api/v1/scheduler")) { Content = Json(json) };
        if (streamId is not null) request.Headers.Add("Mesos-Stream-Id", streamId);
        return await _http.SendAsync(request);
    }

    [Fact]
    public async Task Subscribe_answers_a_chunked_stream_with_a_stream_id_and_SUBSCRIBED_first()
    {
        var (response, events) = await Subscribe(Json(SubscribeJson("json-client")));
        using (response)
        {
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            response.Headers.TransferEncodingChunked.Should().BeTrue();
            response.Content.Headers.ContentLength.Should().BeNull();
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
            response.Headers.GetValues("Mesos-Stream-Id").Single().Should().NotBeNullOrEmpty();
            var first = MesosJson.Parse<Event>((await events.ReadAsync())!);
            first.Type.Should().Be(Event.Types.Type.Subscribed);
            first.Subscribed.FrameworkId.Value.Should().MatchRegex(@"^[0-9a-f-]{36}-\d{4}$");
            first.Subscribed.MasterInfo.Hostname.Should().Be("master.test");
        }
    }

    [Fact]
    public async Task A_protobuf_client_gets_protobuf_records()
    {
        var call = new Call { Type = Call.Types.Type.Subscribe, Subscribe = new() { FrameworkInfo = new FrameworkInfo { User = "root", Name = "proto-client" } } };
        var body = new ByteArrayContent(call.ToByteArray());
        body.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        var (response, events) = await Subscribe(body, "application/x-protobuf");
        using (response)
        {
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/x-protobuf");
            Event.Parser.ParseFrom((await events.ReadAsync())!).Type.Should().Be(Event.Types.Type.Subscribed);
        }
    }

    [Fact]
    public async Task Calls_with_the_stream_id_are_accepted_and_without_it_forbidden()
    {
        var (response, events) = await Subscribe(Json(SubscribeJson("caller")));
        using (response)
        {
            var streamId = response.Headers.GetValues("Mesos-Stream-Id").Single();
            var frameworkId = MesosJson.Parse<Event>((await events.ReadAsync())!).Subscribed.FrameworkId.Value;
            var revive = $$$$"""{"type":"REVIVE","framework_id":{"value":"{{{{frameworkId}}}}"}}""";
            (await Post(revive, streamId)).StatusCode.Should().Be(HttpStatusCode.Accepted);
            (await Post(revive, null)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
            (await Post(revive, "another-stream")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        }
    }

    [Fact]
    public async Task Unknown_frameworks_and_malformed_bodies_answer_400_with_a_message()
    {
        var unknown = await Post("""{"type":"REVIVE","framework_id":{"value":"nope"}}""", null);
        unknown.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await unknown.Content.ReadAsStringAsync()).Should().Be("Framework cannot be found");

        var malformed = await Post("{not json", null);
        malformed.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await malformed.Content.ReadAsStringAsync()).Should().StartWith("Failed to parse body into JSON");

        var noType = await Post("""{"framework_id":{"value":"x"}}""", null);
        noType.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_unsupported_content_type_answers_415()
    {
        var response = await _http.PostAsync(master.Url("/api/v1/scheduler"), new StringContent("type=SUBSCRIBE", Encoding.UTF8, "text/plain"));
        response.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task A_body_over_the_limit_answers_413()
    {
        var padding = new string('x', 100 * 1024);
        var response = await Post($$$$"""{"type":"SUBSCRIBE","subscribe":{"framework_info":{"user":"root","name":"{{{{padding}}}}"}}}""", null);
        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
    }
}
