using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Mesos.Host.Tests.Http;

/// <summary>
/// Every API of a real master and agent reads bodies alike: enums by name only, as Mesos' parser reads
/// them, and text only in UTF-8 (a body in another charset is refused, never misread).
/// </summary>
public sealed class ParsingAgreementTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>, IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public void Dispose() => _http.Dispose();

    private string Url(string process, string path) => $"http://127.0.0.1:{(process == "agent" ? cluster.AgentPort : cluster.MasterPort)}{path}";

    private async Task<(HttpStatusCode Status, string Body)> Send(string method, string url, byte[] body, string contentType)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = content };
        using var response = await _http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A call of each API, with an enum given by number and by name.</summary>
    public static TheoryData<string, string, string, string> EnumsByNumberAndByName() => new()
    {
        { "master", "/api/v1/scheduler", """{"type":2,"framework_id":{"value":"nobody"}}""", """{"type":"TEARDOWN","framework_id":{"value":"nobody"}}""" },
        { "master", "/api/v1/agent", """{"type":3,"agent_id":{"value":"nobody"}}""", """{"type":"PONG","agent_id":{"value":"nobody"}}""" },
        { "master", "/api/v1", """{"type":2}""", """{"type":"GET_HEALTH"}""" },
        { "agent", "/api/v1", """{"type":2}""", """{"type":"GET_HEALTH"}""" },
        { "agent", "/api/v1/executor", """{"type":4,"framework_id":{"value":"f"},"executor_id":{"value":"e"}}""", """{"type":"HEARTBEAT","framework_id":{"value":"f"},"executor_id":{"value":"e"}}""" },
        {
            "agent", "/api/v1/executor",
            """{"type":"UPDATE","framework_id":{"value":"f"},"executor_id":{"value":"e"},"update":{"status":{"task_id":{"value":"t"},"state":1,"source":"SOURCE_EXECUTOR","uuid":"AAAAAAAAAAAAAAAAAAAAAA=="}}}""",
            """{"type":"UPDATE","framework_id":{"value":"f"},"executor_id":{"value":"e"},"update":{"status":{"task_id":{"value":"t"},"state":"TASK_RUNNING","source":"SOURCE_EXECUTOR","uuid":"AAAAAAAAAAAAAAAAAAAAAA=="}}}"""
        },
    };

    [Theory]
    [MemberData(nameof(EnumsByNumberAndByName))]
    public async Task Every_API_refuses_an_enum_given_as_a_number_and_reads_it_by_name(string process, string path, string byNumber, string byName)
    {
        var (status, body) = await Send("POST", Url(process, path), Encoding.UTF8.GetBytes(byNumber), "application/json");
        var named = await Send("POST", Url(process, path), Encoding.UTF8.GetBytes(byName), "application/json");

        status.Should().Be(HttpStatusCode.BadRequest);
        body.Should().Contain("Expecting a JSON string naming a value of enum");
        named.Body.Should().NotContain("enum");
    }

    /// <summary>Every endpoint that reads a body, with one it would take in UTF-8.</summary>
    public static TheoryData<string, string, string, string, string> BodyReaders() => new()
    {
        { "master", "POST", "/api/v1/scheduler", "application/json", """{"type":"TEARDOWN","framework_id":{"value":"nobody"}}""" },
        { "master", "POST", "/api/v1/agent", "application/json", """{"type":"PONG","agent_id":{"value":"nobody"}}""" },
        { "master", "POST", "/api/v1", "application/json", """{"type":"GET_HEALTH"}""" },
        { "master", "POST", "/api/v1/operator", "application/json", """{"type":"GET_HEALTH"}""" },
        { "master", "PUT", "/master/weights", "application/json", """[{"role":"utf","weight":2.0}]""" },
        { "master", "POST", "/master/quota", "application/json", """{"role":"utf","guarantee":[]}""" },
        { "master", "POST", "/master/teardown", "application/x-www-form-urlencoded", "frameworkId=nobody" },
        { "master", "POST", "/master/reserve", "application/x-www-form-urlencoded", "slaveId=nobody&resources=[]" },
        { "master", "POST", "/master/unreserve", "application/x-www-form-urlencoded", "slaveId=nobody&resources=[]" },
        { "agent", "POST", "/api/v1", "application/json", """{"type":"GET_HEALTH"}""" },
        { "agent", "POST", "/api/v1/executor", "application/json", """{"type":"HEARTBEAT","framework_id":{"value":"f"},"executor_id":{"value":"e"}}""" },
    };

    [Theory]
    [MemberData(nameof(BodyReaders))]
    public async Task Every_endpoint_refuses_a_body_in_another_charset_with_415_and_reads_UTF_8(string process, string method, string path, string mediaType, string body)
    {
        var utf16 = await Send(method, Url(process, path), Encoding.Unicode.GetBytes(body), $"{mediaType}; charset=utf-16");
        var latin1 = await Send(method, Url(process, path), Encoding.Latin1.GetBytes(body), $"{mediaType}; charset=ISO-8859-1");
        var utf8 = await Send(method, Url(process, path), Encoding.UTF8.GetBytes(body), $"{mediaType}; charset=\"UTF-8\"");

        utf16.Status.Should().Be(HttpStatusCode.UnsupportedMediaType);
        utf16.Body.Should().Contain("Expecting a body in UTF-8").And.Contain("charset=utf-16");
        latin1.Status.Should().Be(HttpStatusCode.UnsupportedMediaType);
        utf8.Status.Should().NotBe(HttpStatusCode.UnsupportedMediaType);
        ((int)utf8.Status).Should().BeLessThan(500, utf8.Body);
    }
}
