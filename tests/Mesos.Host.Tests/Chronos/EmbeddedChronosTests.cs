using System.Net;
using System.Text;
using System.Text.Json;

namespace Mesos.Host.Tests.Chronos;

/// <summary>The built-in Chronos inside `mesos local` and `mesos master --chronos`, as real processes.</summary>
public sealed class EmbeddedChronosTests(LocalClusterFixture local) : IClassFixture<LocalClusterFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Mesos_local_runs_chronos_whose_jobs_run_on_the_local_agent()
    {
        using var http = new HttpClient();
        var api = $"http://127.0.0.1:{local.ChronosPort}";

        using var saved = await http.PostAsync($"{api}/v1/scheduler/iso8601",
            new StringContent("""{"name":"hello","command":"echo hello","schedule":"R1//PT1M","mem":32,"disk":0}""", Encoding.UTF8, "application/json"));
        saved.StatusCode.Should().Be(HttpStatusCode.NoContent);

        await Until(async () => Job(await http.GetStringAsync($"{api}/v1/scheduler/jobs"), "hello").GetProperty("successCount").GetInt64() == 1);
        var frameworks = JsonDocument.Parse(await http.GetStringAsync($"http://{local.Master}/master/frameworks")).RootElement.GetProperty("frameworks");
        frameworks.EnumerateArray().Should().Contain(f => f.GetProperty("name").GetString() == "chronos" && f.GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task Mesos_master_with_chronos_serves_chronos_api_and_keeps_its_jobs_in_the_master_work_dir()
    {
        var port = RunningMesos.FreePort();
        var chronosPort = RunningMesos.FreePort();
        var workDir = Path.Combine(Path.GetTempPath(), "mesos-master-chronos-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using (var master = RunningMesos.Start("master", "--ip=127.0.0.1", $"--port={port}", $"--work_dir={workDir}", "--chronos", $"--chronos_http_port={chronosPort}"))
            {
                await master.WaitForOutputs("Master", "Chronos listening on");
                using var http = new HttpClient();
                using var saved = await http.PostAsync($"http://127.0.0.1:{chronosPort}/v1/scheduler/iso8601",
                    new StringContent("""{"name":"nightly","command":"true","schedule":"R/2030-01-01T02:00:00Z/P1D"}""", Encoding.UTF8, "application/json"));
                var leader = JsonDocument.Parse(await http.GetStringAsync($"http://127.0.0.1:{chronosPort}/leader")).RootElement;
                await Until(async () => JsonDocument.Parse(await http.GetStringAsync($"http://127.0.0.1:{port}/master/frameworks")).RootElement
                    .GetProperty("frameworks").EnumerateArray().Any(f => f.GetProperty("name").GetString() == "chronos"));

                saved.StatusCode.Should().Be(HttpStatusCode.NoContent);
                leader.GetProperty("leader").GetString().Should().EndWith($":{chronosPort}");
            }
            File.Exists(Path.Combine(workDir, "chronos", "chronos.db")).Should().BeTrue();
        }
        finally
        {
            if (Directory.Exists(workDir)) Directory.Delete(workDir, recursive: true);
        }
    }

    [Fact]
    public async Task Mesos_master_with_chronos_on_a_port_that_is_no_port_says_so()
    {
        var (exit, _, stderr) = await MesosProcess.RunAsync("master", "--ip=127.0.0.1", $"--port={RunningMesos.FreePort()}", "--registry=in_memory",
            "--chronos", "--chronos_http_port=70000");

        exit.Should().Be(1);
        stderr.Should().Contain("70000");
    }

    private static JsonElement Job(string jobs, string name) =>
        JsonDocument.Parse(jobs).RootElement.EnumerateArray().Single(j => j.GetProperty("name").GetString() == name).Clone();

    private static Task Until(Func<Task<bool>> condition) => Condition.Until(condition, Patience);
}
