using System.Net;
using System.Text;
using System.Text.Json;
using Mesos.V1.Scheduler;
using Task = System.Threading.Tasks.Task;

namespace Mesos.Host.Tests.Http;

/// <summary>An operator tears frameworks down through v1 TEARDOWN and the v0 /master/teardown form.</summary>
public sealed class OperatorTeardownTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>, IDisposable
{
    private readonly HttpClient _http = new();

    public void Dispose() => _http.Dispose();

    private async Task<(HttpStatusCode Status, string Body)> Post(string path, HttpContent content)
    {
        using var response = await _http.PostAsync(cluster.MasterUrl(path), content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task V1_TEARDOWN_removes_the_framework_and_tells_it()
    {
        await using var framework = await TestFramework.Subscribe(cluster.Master, "to-tear-down");

        var teardown = """{"type":"TEARDOWN","teardown":{"framework_id":{"value":"ID"}}}""".Replace("ID", framework.FrameworkId, StringComparison.Ordinal);
        var (status, _) = await Post("/api/v1", Json(teardown));

        status.Should().Be(HttpStatusCode.OK);
        (await framework.Next(e => e.Type == Event.Types.Type.Error)).Error.Message.Should().Contain("torn down");
        var state = JsonDocument.Parse(await _http.GetStringAsync(cluster.MasterUrl("/master/state"))).RootElement;
        state.GetProperty("frameworks").EnumerateArray().Should().NotContain(f => f.GetProperty("id").GetString() == framework.FrameworkId);
        state.GetProperty("completed_frameworks").EnumerateArray().Should().Contain(f => f.GetProperty("id").GetString() == framework.FrameworkId);
    }

    [Fact]
    public async Task Tearing_down_an_unknown_framework_answers_400_and_changes_nothing()
    {
        await using var framework = await TestFramework.Subscribe(cluster.Master, "bystander");

        var v1 = await Post("/api/v1", Json("""{"type":"TEARDOWN","teardown":{"framework_id":{"value":"no-such-framework"}}}"""));
        var v0 = await Post("/master/teardown", new FormUrlEncodedContent([new("frameworkId", "no-such-framework")]));

        v1.Status.Should().Be(HttpStatusCode.BadRequest);
        v1.Body.Should().Contain("No framework found");
        v0.Status.Should().Be(HttpStatusCode.BadRequest);
        v0.Body.Should().Contain("No framework found");
        var frameworks = JsonDocument.Parse(await _http.GetStringAsync(cluster.MasterUrl("/master/frameworks"))).RootElement.GetProperty("frameworks");
        frameworks.EnumerateArray().Should().Contain(f => f.GetProperty("id").GetString() == framework.FrameworkId);
    }

    [Fact]
    public async Task Malformed_teardown_requests_answer_400_with_a_message()
    {
        (await Post("/api/v1", Json("""{"type":"TEARDOWN"}"""))).Should().Be((HttpStatusCode.BadRequest, "Expecting 'teardown' to be present"));
        (await Post("/master/teardown", new FormUrlEncodedContent([new("other", "x")]))).Should().Be((HttpStatusCode.BadRequest, "Missing 'frameworkId' in the request body"));
        (await Post("/master/teardown", Json("{}"))).Status.Should().Be(HttpStatusCode.BadRequest);
    }
}
