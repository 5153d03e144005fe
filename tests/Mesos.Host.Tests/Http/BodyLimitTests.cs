using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Mesos.Host.Tests.Http;

/// <summary>A master whose calls that carry tasks or data may be 256 KiB, and every other body 64 KiB.</summary>
public sealed class BodyLimitsMasterFixture() : MasterFixture("""
    mesos.http.max-request-body-size = 256KiB
    mesos.http.max-small-request-body-size = 64KiB
    """);

/// <summary>
/// Each call gets the body limit it can need, on a real master: an ACCEPT may be large, a SUBSCRIBE or
/// an operator call may not; bodies of unknown length (chunked) are held to the same limits.
/// </summary>
public sealed class BodyLimitTests(BodyLimitsMasterFixture master) : IClassFixture<BodyLimitsMasterFixture>, IDisposable
{
    private const int Between = 100 << 10;
    private const int Beyond = 300 << 10;

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public void Dispose() => _http.Dispose();

    private async Task<(HttpStatusCode Status, string Body)> Send(HttpMethod method, string path, string body, bool chunked = false, string contentType = "application/json")
    {
        HttpContent content = chunked
            ? new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(body)))
            : new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var request = new HttpRequestMessage(method, master.Url(path)) { Content = content };
        request.Headers.TransferEncodingChunked = chunked;
        using var response = await _http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static string Padded(string head, int bytes, string tail) => head + new string(' ', bytes - head.Length - tail.Length) + tail;

    private static string Accept(int bytes) => Padded("""{"type":"ACCEPT","framework_id":{"value":"nobody"},"accept":{"offer_ids":[]""", bytes, "}}");

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_ACCEPT_may_be_larger_than_other_calls_but_not_beyond_the_largest_limit(bool chunked)
    {
        var between = await Send(HttpMethod.Post, "/api/v1/scheduler", Accept(Between), chunked);
        var beyond = await Send(HttpMethod.Post, "/api/v1/scheduler", Accept(Beyond), chunked);

        between.Should().Be((HttpStatusCode.BadRequest, "Framework cannot be found"));
        beyond.Status.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        beyond.Body.Should().Contain("larger than the limit of 262144 bytes");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_SUBSCRIBE_larger_than_the_small_limit_answers_413_naming_the_call(bool chunked)
    {
        var subscribe = Padded("""{"type":"SUBSCRIBE","subscribe":{"framework_info":{"user":"root","name":"big"}}""", Between, "}");

        var (status, body) = await Send(HttpMethod.Post, "/api/v1/scheduler", subscribe, chunked);

        status.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        body.Should().Be($"Request body of {Between} bytes is larger than the limit of 65536 bytes for SUBSCRIBE calls");
    }

    [Theory]
    [InlineData("POST", "/api/v1", false)]
    [InlineData("POST", "/api/v1", true)]
    [InlineData("PUT", "/master/weights", false)]
    [InlineData("POST", "/master/quota", true)]
    public async Task Operator_calls_and_v0_endpoints_answer_413_beyond_the_small_limit(string method, string path, bool chunked)
    {
        var body = Padded("""{"type":"GET_HEALTH" """, Between, "}");

        var (status, text) = await Send(new HttpMethod(method), path, body, chunked);

        status.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        text.Should().Contain("larger than the limit of 65536 bytes");
    }

    [Fact]
    public async Task A_form_beyond_the_small_limit_answers_413()
    {
        var form = "frameworkId=" + new string('f', Between);

        var (status, _) = await Send(HttpMethod.Post, "/master/teardown", form, contentType: "application/x-www-form-urlencoded");

        status.Should().Be(HttpStatusCode.RequestEntityTooLarge);
    }
}
