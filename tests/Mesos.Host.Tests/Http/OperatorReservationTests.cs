using System.Net;
using System.Text;
using System.Text.Json;
using Task = System.Threading.Tasks.Task;

namespace Mesos.Host.Tests.Http;

/// <summary>
/// Operators reserve and unreserve an agent's resources through /master/reserve, /master/unreserve and
/// the v1 calls; the agent is told, and shows them too.
/// </summary>
public sealed class OperatorReservationTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>, IDisposable
{
    private const string OneCpuForAds = """[{"name":"cpus","type":"SCALAR","scalar":{"value":1},"reservations":[{"type":"DYNAMIC","role":"ads","principal":"ops"}]}]""";

    private readonly HttpClient _http = new();

    public void Dispose() => _http.Dispose();

    private async Task<JsonElement> Agent() =>
        JsonDocument.Parse(await _http.GetStringAsync(cluster.MasterUrl("/master/slaves"))).RootElement.GetProperty("slaves")[0];

    /// <summary>The agent's own /state, once it shows what <paramref name="condition"/> asks (the master tells it after answering).</summary>
    private async Task<JsonElement> AgentStateWhen(Func<JsonElement, bool> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var state = JsonDocument.Parse(await _http.GetStringAsync($"http://127.0.0.1:{cluster.AgentPort}/state")).RootElement;
            if (condition(state)) return state;
            if (deadline.IsCancellationRequested) throw new TimeoutException($"The agent never showed the reservation: {state}");
            await Task.Yield();
        }
    }

    private async Task<(HttpStatusCode Status, string Body)> Post(string path, HttpContent content)
    {
        using var response = await _http.PostAsync(cluster.MasterUrl(path), content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task A_reservation_made_with_the_v0_form_shows_on_the_agent_and_the_v1_call_undoes_it()
    {
        var agentId = (await Agent()).GetProperty("id").GetString()!;

        (await Post("/master/reserve", Form(("slaveId", agentId), ("resources", OneCpuForAds)))).Status.Should().Be(HttpStatusCode.Accepted);
        (await Agent()).GetProperty("reserved_resources").GetProperty("ads").GetProperty("cpus").GetDouble().Should().Be(1);
        var onAgent = await AgentStateWhen(s => s.GetProperty("reserved_resources").TryGetProperty("ads", out _));
        onAgent.GetProperty("reserved_resources").GetProperty("ads").GetProperty("cpus").GetDouble().Should().Be(1);
        onAgent.GetProperty("unreserved_resources").GetProperty("cpus").GetDouble().Should().Be(3);

        var unreserve = """{"type":"UNRESERVE_RESOURCES","unreserve_resources":{"agent_id":{"value":"@agent"},"resources":@resources}}"""
            .Replace("@agent", agentId, StringComparison.Ordinal).Replace("@resources", OneCpuForAds, StringComparison.Ordinal);
        (await Post("/api/v1", Json(unreserve))).Should().Be((HttpStatusCode.Accepted, ""));
        (await Agent()).GetProperty("reserved_resources").EnumerateObject().Should().BeEmpty();
        await AgentStateWhen(s => !s.GetProperty("reserved_resources").EnumerateObject().Any());
    }

    [Fact]
    public async Task Bad_reservation_requests_answer_4xx_with_a_message_and_change_nothing()
    {
        var agentId = (await Agent()).GetProperty("id").GetString()!;
        var tooMuch = OneCpuForAds.Replace("\"value\":1", "\"value\":64", StringComparison.Ordinal);

        (await Post("/master/reserve", Form(("resources", OneCpuForAds)))).Should().Be((HttpStatusCode.BadRequest, "Missing 'slaveId' in the request body"));
        (await Post("/master/reserve", Form(("slaveId", agentId)))).Should().Be((HttpStatusCode.BadRequest, "Missing 'resources' in the request body"));
        (await Post("/master/reserve", Form(("slaveId", agentId), ("resources", "[{")))).Status.Should().Be(HttpStatusCode.BadRequest);
        (await Post("/master/reserve", Form(("slaveId", "no-such-agent"), ("resources", OneCpuForAds)))).Status.Should().Be(HttpStatusCode.BadRequest);
        (await Post("/master/reserve", Form(("slaveId", agentId), ("resources", """[{"name":"cpus","type":"SCALAR","scalar":{"value":1}}]""")))).Status
            .Should().Be(HttpStatusCode.BadRequest, "a reservation needs a dynamic reservation on top");
        (await Post("/master/reserve", Form(("slaveId", agentId), ("resources", tooMuch)))).Should().Match<(HttpStatusCode Status, string Body)>(
            r => r.Status == HttpStatusCode.BadRequest && r.Body.StartsWith("Resources are not available", StringComparison.Ordinal));
        (await Post("/master/unreserve", Form(("slaveId", agentId), ("resources", OneCpuForAds)))).Should().Match<(HttpStatusCode Status, string Body)>(
            r => r.Status == HttpStatusCode.BadRequest && r.Body.StartsWith("Resources are not available", StringComparison.Ordinal));
        (await Post("/api/v1", Json("""{"type":"RESERVE_RESOURCES"}"""))).Status.Should().Be(HttpStatusCode.BadRequest);
        // The older form (a role and a reservation, no list of them) is held to the same role names.
        var olderForm = $$$"""
            {"type":"RESERVE_RESOURCES","reserve_resources":{"agent_id":{"value":"{{{agentId}}}"},
            "resources":[{"name":"cpus","type":"SCALAR","scalar":{"value":1},"role":"a b","reservation":{"principal":"ops"}}]}}
            """;
        (await Post("/api/v1", Json(olderForm))).Should().Match<(HttpStatusCode Status, string Body)>(
            r => r.Status == HttpStatusCode.BadRequest && r.Body.Contains("a b", StringComparison.Ordinal));

        (await Agent()).GetProperty("reserved_resources").EnumerateObject().Should().BeEmpty();
    }
}
