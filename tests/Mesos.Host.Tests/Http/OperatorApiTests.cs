using System.Net;
using System.Text;
using System.Text.Json;
using Mesos.Actors.Protocol.Json;
using Mesos.V1.Master;
using Call = Mesos.V1.Scheduler.Call;
using Task = System.Threading.Tasks.Task;

namespace Mesos.Host.Tests.Http;

/// <summary>The operator's view of a running master and agent: v1 operator calls and v0 JSON.</summary>
public sealed class OperatorApiTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>, IDisposable
{
    private readonly HttpClient _http = new();

    public void Dispose() => _http.Dispose();

    private async Task<(HttpStatusCode Status, string Body)> Operator(string json)
    {
        using var response = await _http.PostAsync(cluster.MasterUrl("/api/v1"), new StringContent(json, Encoding.UTF8, "application/json"));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task GET_HEALTH_and_GET_VERSION_answer_in_Mesos_shape()
    {
        var health = MesosJson.Parse<Response>((await Operator("""{"type":"GET_HEALTH"}""")).Body);
        health.Type.Should().Be(Response.Types.Type.GetHealth);
        health.GetHealth.Healthy.Should().BeTrue();
        var version = MesosJson.Parse<Response>((await Operator("""{"type":"GET_VERSION"}""")).Body);
        version.GetVersion.VersionInfo.Version.Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task The_master_claims_the_quota_it_has_and_not_the_agent_features_it_lacks_in_GET_MASTER_and_v0_state()
    {
        var master = MesosJson.Parse<Response>((await Operator("""{"type":"GET_MASTER"}""")).Body).GetMaster.MasterInfo;
        master.Capabilities.Select(c => c.Type).Should().Equal(Mesos.V1.MasterInfo.Types.Capability.Types.Type.QuotaV2);

        var state = JsonDocument.Parse(await _http.GetStringAsync(cluster.MasterUrl("/master/state"))).RootElement;
        state.GetProperty("capabilities").EnumerateArray().Select(c => c.GetString()).Should().Equal("QUOTA_V2");
    }

    [Fact]
    public async Task The_agent_appears_in_GET_AGENTS_and_in_v0_slaves_with_flat_resources_and_a_pid()
    {
        var agents = MesosJson.Parse<Response>((await Operator("""{"type":"GET_AGENTS"}""")).Body).GetAgents.Agents;
        agents.Should().ContainSingle().Which.AgentInfo.Port.Should().Be(cluster.AgentPort);

        var slaves = JsonDocument.Parse(await _http.GetStringAsync(cluster.MasterUrl("/master/slaves"))).RootElement.GetProperty("slaves");
        var slave = slaves.EnumerateArray().Single();
        slave.GetProperty("pid").GetString().Should().Be($"slave(1)@127.0.0.1:{cluster.AgentPort}");
        slave.GetProperty("resources").GetProperty("cpus").GetDouble().Should().Be(4);
        slave.GetProperty("resources").GetProperty("ports").GetString().Should().Be(cluster.TaskPorts.ToString());
        var unreserved = slave.GetProperty("unreserved_resources_full").EnumerateArray().ToDictionary(r => r.GetProperty("name").GetString()!);
        unreserved["cpus"].GetProperty("scalar").GetProperty("value").GetDouble().Should().Be(4);
        unreserved["cpus"].GetProperty("role").GetString().Should().Be("*");
        var ports = unreserved["ports"].GetProperty("ranges").GetProperty("range").EnumerateArray().Single();
        (ports.GetProperty("begin").GetInt32(), ports.GetProperty("end").GetInt32()).Should().Be((cluster.TaskPorts.Begin, cluster.TaskPorts.End));
        slave.GetProperty("reserved_resources_full").ValueKind.Should().Be(JsonValueKind.Object);
        slave.GetProperty("used_resources_full").ValueKind.Should().Be(JsonValueKind.Array);
        slave.GetProperty("offered_resources_full").ValueKind.Should().Be(JsonValueKind.Array);
    }

    [Fact]
    public async Task The_state_summary_counts_each_agents_tasks_in_every_state_zeros_included()
    {
        var slave = JsonDocument.Parse(await _http.GetStringAsync(cluster.MasterUrl("/master/state-summary"))).RootElement
            .GetProperty("slaves").EnumerateArray().Single();

        string[] states = ["TASK_STAGING", "TASK_STARTING", "TASK_RUNNING", "TASK_KILLING", "TASK_FINISHED", "TASK_KILLED", "TASK_FAILED", "TASK_LOST", "TASK_ERROR", "TASK_UNREACHABLE"];
        foreach (var state in states) slave.GetProperty(state).ValueKind.Should().Be(JsonValueKind.Number, state);
    }

    [Fact]
    public async Task A_subscribed_framework_appears_in_GET_FRAMEWORKS_and_in_master_frameworks()
    {
        await using var framework = await TestFramework.Subscribe(cluster.Master, "visible");
        var frameworks = MesosJson.Parse<Response>((await Operator("""{"type":"GET_FRAMEWORKS"}""")).Body).GetFrameworks.Frameworks;
        frameworks.Should().Contain(f => f.FrameworkInfo.Name == "visible" && f.Connected);

        var v0 = JsonDocument.Parse(await _http.GetStringAsync(cluster.MasterUrl("/master/frameworks"))).RootElement.GetProperty("frameworks");
        v0.EnumerateArray().Should().Contain(f => f.GetProperty("name").GetString() == "visible" && f.GetProperty("id").GetString() == framework.FrameworkId);

        await framework.Send(new Call { Type = Call.Types.Type.Teardown });
        var state = JsonDocument.Parse(await _http.GetStringAsync(cluster.MasterUrl("/master/state"))).RootElement;
        state.GetProperty("completed_frameworks").EnumerateArray().Should().Contain(f => f.GetProperty("id").GetString() == framework.FrameworkId);
        state.GetProperty("slaves").GetArrayLength().Should().Be(1);
    }

    [Theory]
    [InlineData("""{"type":"NO_SUCH_CALL"}""")]
    [InlineData("""{"type":"GET_METRICS"}""")]
    [InlineData("""{"type":""")]
    public async Task Bad_operator_calls_answer_400_with_a_message(string json)
    {
        var (status, body) = await Operator(json);
        status.Should().Be(HttpStatusCode.BadRequest);
        body.Should().NotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task The_v0_state_is_also_served_at_the_old_json_paths_and_with_jsonp()
    {
        foreach (var path in new[] { "/state", "/state.json", "/master/state.json", "/master/state-summary", "/master/tasks" })
        {
            (await _http.GetAsync(cluster.MasterUrl(path))).StatusCode.Should().Be(HttpStatusCode.OK, path);
        }
        (await _http.GetStringAsync(cluster.MasterUrl("/master/state?jsonp=render"))).Should().StartWith("render({");
    }

    [Fact]
    public async Task The_v0_task_list_refuses_a_limit_it_cannot_read()
    {
        using var bad = await _http.GetAsync(cluster.MasterUrl("/master/tasks?limit=all"));
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await bad.Content.ReadAsStringAsync()).Should().Contain("'limit'");
    }
}
