using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Mesos.Benchmarks.Launch;
using Mesos.Benchmarks.Simulation;

namespace Mesos.Benchmarks.Marathon;

/// <summary>
/// The built-in Marathon scaling one app from 0 to <c>--instances</c> and back to 0: a real `mesos master` and a
/// real `mesos marathon` process, with simulated agents in this process (real AgentActors over the real HTTP link,
/// whose containers run no process). Each round times, from the PUT of the new count, every instance recorded as
/// launched, every instance RUNNING with the deployment ended, and the scale down to no instance left; and the most
/// instances Marathon had at once, which is more than asked for only if it placed some twice.
/// </summary>
/// <remarks>Arguments: <c>--agents=N</c> (10), <c>--instances=N</c> (1000), <c>--rounds=N</c> (3); the rest go to the master.</remarks>
internal static class MarathonSuite
{
    private const string AgentResources = "cpus:16;mem:65536;disk:65536;ports:[31000-32000]";
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(10);
    private static readonly string[] Own = ["--agents=", "--instances=", "--rounds="];

    public static int Run(string[] args)
    {
        var agents = Arguments.Int(args, "--agents", 10);
        var instances = Arguments.Int(args, "--instances", 1000);
        var rounds = Arguments.Int(args, "--rounds", 3);
        var masterFlags = args.Where(a => !Own.Any(o => a.StartsWith(o, StringComparison.Ordinal))).ToList();

        using var cluster = new LocalCluster(null, masterFlags);
        var master = $"127.0.0.1:{cluster.MasterPort}";
        var work = Directory.CreateTempSubdirectory("mesos-marathon-bench-").FullName;
        var simulated = new SimulatedAgents([master], agents, AgentResources, work, taskRunTime: null);
        try
        {
            using var masterHttp = new HttpClient { BaseAddress = new Uri($"http://{master}") };
            WaitFor(() => Polling.MasterMetric(masterHttp, "master/slaves_active") >= agents, "every agent to register");
            var port = LocalCluster.FreePort();
            var marathon = cluster.StartBeside("marathon", "Marathon listening on", [$"--master={master}", "--ip=127.0.0.1", $"--http_port={port}"]);
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(2) };
            Console.WriteLine($"marathon: {agents} simulated agents ({AgentResources}), an app of {instances} instances (cpus 0.01, mem 8, one port, `sleep`), {rounds} rounds");

            Send(http, HttpMethod.Post, "/v2/apps", """{"id":"/bench","cmd":"sleep 100000","cpus":0.01,"mem":8,"disk":0,"instances":0}""");
            WaitFor(() => App(http).Deployments == 0, "the app to be created");
            for (var round = 1; round <= rounds; round++)
            {
                var cpu = (Marathon: Cpu(marathon), Master: Cpu(cluster.Master), Agents: Cpu(Process.GetCurrentProcess()));
                var clock = Stopwatch.StartNew();
                Send(http, HttpMethod.Put, "/v2/apps/bench", $$"""{"instances":{{instances}}}""");
                TimeSpan? launched = null;
                TimeSpan? atMaster = null;
                var polls = 0;
                var most = 0;
                WaitFor(() =>
                {
                    var app = App(http);
                    // More than asked for at any time is a scheduler that placed an instance twice.
                    most = Math.Max(most, app.Staged + app.Running);
                    if (launched is null && app.Staged + app.Running >= instances) launched = clock.Elapsed;
                    // The master builds its whole state for /metrics/snapshot: asked every 50 ms, it would spend more on
                    // answering than on the launch it is timed on.
                    if (atMaster is null && polls++ % 10 == 0 && Polling.MasterMetric(masterHttp, "master/tasks_running") >= instances) atMaster = clock.Elapsed;
                    return app.Running == instances && app.Deployments == 0;
                }, $"{instances} instances RUNNING");
                var up = clock.Elapsed;
                var upCpu = (Marathon: Cpu(marathon) - cpu.Marathon, Master: Cpu(cluster.Master) - cpu.Master, Agents: Cpu(Process.GetCurrentProcess()) - cpu.Agents);

                clock.Restart();
                Send(http, HttpMethod.Put, "/v2/apps/bench", """{"instances":0}""");
                WaitFor(() => App(http) is { Staged: 0, Running: 0, Deployments: 0 }, "every instance to be killed");
                Console.WriteLine($"round {round}: 0 -> {instances} RUNNING in {up.TotalSeconds:0.00} s ({instances / up.TotalSeconds:0} instances/s; " +
                    $"all launched after {launched!.Value.TotalSeconds:0.00} s, RUNNING at the master after {(atMaster ?? up).TotalSeconds:0.0} s), " +
                    $"CPU: Marathon {upCpu.Marathon.TotalSeconds:0.00} s, master {upCpu.Master.TotalSeconds:0.00} s, agents and this benchmark {upCpu.Agents.TotalSeconds:0.00} s; " +
                    $"at most {most} instances at once; {instances} -> 0 in {clock.Elapsed.TotalSeconds:0.00} s");
            }
            return 0;
        }
        finally
        {
            simulated.DisposeAsync().AsTask().GetAwaiter().GetResult();
            Directory.Delete(work, recursive: true);
        }
    }

    private static (int Staged, int Running, int Deployments) App(HttpClient http)
    {
        using var apps = JsonDocument.Parse(http.GetStringAsync("/v2/apps").GetAwaiter().GetResult());
        var app = apps.RootElement.GetProperty("apps").EnumerateArray().Single();
        return (app.GetProperty("tasksStaged").GetInt32(), app.GetProperty("tasksRunning").GetInt32(), app.GetProperty("deployments").GetArrayLength());
    }

    private static void Send(HttpClient http, HttpMethod method, string path, string json)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        using var response = http.SendAsync(request).GetAwaiter().GetResult();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {response.Content.ReadAsStringAsync().GetAwaiter().GetResult()}");
        }
    }

    private static TimeSpan Cpu(Process process)
    {
        process.Refresh();
        return process.TotalProcessorTime;
    }

    private static void WaitFor(Func<bool> condition, string what) => Polling.Until(condition, what, Deadline, TimeSpan.FromMilliseconds(50));
}
