using System.Text.Json;

namespace Mesos.Host.Tests.Cli;

public sealed class LocalCommandTests
{
    [Fact]
    public async Task Local_runs_a_master_with_the_requested_agents_and_stops_cleanly_on_SIGTERM()
    {
        var port = RunningMesos.FreePorts(3);
        var dir = Path.Combine(Path.GetTempPath(), "mesos-local-test-" + Guid.NewGuid().ToString("N"));
        await using var local = RunningMesos.Start("local", "--num_agents=2", $"--port={port}", $"--work_dir={dir}", "--chronos=false", "--marathon=false");
        try
        {
            await local.WaitForOutput("Mesos local cluster");
            using var http = new HttpClient();
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            int agents;
            do
            {
                var slaves = JsonDocument.Parse(await http.GetStringAsync($"http://127.0.0.1:{port}/master/slaves")).RootElement.GetProperty("slaves");
                agents = slaves.GetArrayLength();
                if (agents < 2) await local.WaitForOutput("Subscribed to master", TimeSpan.FromSeconds(10));
            }
            while (agents < 2 && DateTime.UtcNow < deadline);
            agents.Should().Be(2);

            // 143 is 128 + SIGTERM: how the command line reports a stop it was asked for.
            (await local.Terminate(TimeSpan.FromSeconds(20))).Should().BeOneOf(0, 143);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Local_with_three_masters_runs_them_as_one_cluster_whose_leader_has_the_agent()
    {
        var port = RunningMesos.FreePorts(4);
        var dir = Path.Combine(Path.GetTempPath(), "mesos-local-test-" + Guid.NewGuid().ToString("N"));
        await using var local = RunningMesos.Start("local", "--masters=3", "--num_agents=1", $"--port={port}", $"--work_dir={dir}");
        try
        {
            await local.WaitForOutput("Mesos local cluster");
            await local.WaitForOutput("Subscribed to master", TimeSpan.FromSeconds(60));
            using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
            var leaders = new List<string>();
            for (var master = port; master < port + 3; master++)
            {
                using var redirect = await http.GetAsync($"http://127.0.0.1:{master}/master/redirect");
                leaders.Add(redirect.Headers.Location!.OriginalString);
            }
            leaders.Distinct().Should().ContainSingle("the three masters agree on one leader");
            var slaves = JsonDocument.Parse(await http.GetStringAsync($"http:{leaders[0]}/master/slaves")).RootElement.GetProperty("slaves");
            slaves.GetArrayLength().Should().Be(1);

            (await local.Terminate(TimeSpan.FromSeconds(30))).Should().BeOneOf(0, 143);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Local_refuses_an_impossible_number_of_agents()
    {
        var (exit, _, stderr) = await MesosProcess.RunAsync("local", "--num_agents=-1");
        exit.Should().NotBe(0);
        stderr.Should().Contain("num_agents");
    }
}
