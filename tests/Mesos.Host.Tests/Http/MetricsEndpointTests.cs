using System.Net;
using System.Text;
using System.Text.Json;
using Mesos.Actors.Protocol.Json;
using Task = System.Threading.Tasks.Task;

namespace Mesos.Host.Tests.Http;

/// <summary>/metrics/snapshot and GET_METRICS on a master and an agent that ran a task.</summary>
public sealed class MetricsEndpointTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>, IDisposable
{
    private readonly HttpClient _http = new();

    public void Dispose() => _http.Dispose();

    private string AgentUrl(string path) => $"http://127.0.0.1:{cluster.AgentPort}{path}";

    private async Task<JsonElement> Snapshot(string url) => JsonDocument.Parse(await _http.GetStringAsync(url)).RootElement;

    private async Task<(HttpStatusCode Status, string Body)> Call(string url, string json)
    {
        using var response = await _http.PostAsync(url, new StringContent(json, Encoding.UTF8, "application/json"));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Master_and_agent_snapshots_count_a_finished_task_and_the_cluster_resources()
    {
        var (exit, _, stderr) = await MesosProcess.RunAsync("execute", $"--master={cluster.Master}", "--name=counted", "--command=true");
        exit.Should().Be(0, stderr);

        var master = await Snapshot(cluster.MasterUrl("/metrics/snapshot"));
        master.GetProperty("master/tasks_finished").GetDouble().Should().BeGreaterThanOrEqualTo(1);
        master.GetProperty("master/slaves_active").GetDouble().Should().Be(1);
        master.GetProperty("master/cpus_total").GetDouble().Should().Be(4);
        master.GetProperty("master/elected").GetDouble().Should().Be(1);
        master.GetProperty("system/cpus_total").GetDouble().Should().Be(System.Environment.ProcessorCount);

        var agent = await Snapshot(AgentUrl("/metrics/snapshot"));
        agent.GetProperty("slave/tasks_finished").GetDouble().Should().BeGreaterThanOrEqualTo(1);
        agent.GetProperty("slave/registered").GetDouble().Should().Be(1);
        agent.GetProperty("slave/mem_total").GetDouble().Should().Be(2048);
        agent.GetProperty("slave/executors_terminated").GetDouble().Should().BeGreaterThanOrEqualTo(1);
    }

    [Fact]
    public async Task GET_METRICS_answers_on_both_and_needs_its_sub_message()
    {
        var (status, body) = await Call(cluster.MasterUrl("/api/v1"), """{"type":"GET_METRICS","get_metrics":{}}""");
        status.Should().Be(HttpStatusCode.OK, body);
        MesosJson.Parse<V1.Master.Response>(body).GetMetrics.Metrics.Should().Contain(m => m.Name == "master/slaves_active" && m.Value == 1);

        (status, body) = await Call(AgentUrl("/api/v1"), """{"type":"GET_METRICS","get_metrics":{}}""");
        status.Should().Be(HttpStatusCode.OK, body);
        MesosJson.Parse<V1.Agent.Response>(body).GetMetrics.Metrics.Should().Contain(m => m.Name == "slave/cpus_total" && m.Value == 4);

        foreach (var url in new[] { cluster.MasterUrl("/api/v1"), AgentUrl("/api/v1") })
        {
            (status, body) = await Call(url, """{"type":"GET_METRICS"}""");
            status.Should().Be(HttpStatusCode.BadRequest);
            body.Should().Contain("get_metrics");
        }
    }

    [Fact]
    public async Task The_snapshot_takes_jsonp()
    {
        var body = await _http.GetStringAsync(cluster.MasterUrl("/metrics/snapshot?jsonp=show"));
        body.Should().StartWith("show(").And.Contain("\"master/uptime_secs\"");
    }
}
