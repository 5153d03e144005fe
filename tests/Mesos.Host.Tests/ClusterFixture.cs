namespace Mesos.Host.Tests;

/// <summary>A `mesos master` and a `mesos agent` as separate processes on loopback, as a user starts them.</summary>
public class ClusterFixture : IAsyncLifetime
{
    /// <summary>
    /// What an agent prints once it can be used: it subscribed (its actor starts first) and its own
    /// endpoint is bound, which can still fail after the subscription (a port taken since it was chosen).
    /// </summary>
    public static readonly string[] AgentReady = ["Subscribed to master", "Agent listening on"];

    private readonly List<RunningMesos> _processes = [];

    public string WorkDir { get; } = Path.Combine(Path.GetTempPath(), "mesos-cluster-" + Guid.NewGuid().ToString("N"));
    public int MasterPort { get; } = RunningMesos.FreePort();
    public int AgentPort { get; } = RunningMesos.FreePort();
    public string Master => $"127.0.0.1:{MasterPort}";
    public TaskPorts TaskPorts { get; } = TaskPortBlocks.Next();
    public string AgentWorkDir => Path.Combine(WorkDir, "agent");
    public int AgentMaxBodyBytes => 64 << 10;

    public string MasterUrl(string path) => $"http://{Master}{path}";

    /// <summary>The last lines the master and the agent printed, for the message of a test that waited in vain.</summary>
    public string Output(int lines = 200) =>
        string.Join('\n', _processes.Zip(["master", "agent"], (process, name) => $"--- {name}:\n" + string.Join('\n', process.Lines().TakeLast(lines))));

    /// <summary>Flags the agent gets besides those every cluster's agent has.</summary>
    protected virtual IEnumerable<string> AgentFlags => [];

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(WorkDir);
        var master = RunningMesos.Start("master", "--ip=127.0.0.1", $"--port={MasterPort}", $"--work_dir={Path.Combine(WorkDir, "master")}");
        _processes.Add(master);
        await master.WaitForOutput("listening on");
        // A small body limit, so that a test can go over it without sending megabytes.
        var agentConfig = Path.Combine(WorkDir, "agent.conf");
        await File.WriteAllTextAsync(agentConfig, $"mesos.http.max-request-body-size = {AgentMaxBodyBytes}");
        var agent = RunningMesos.Start(["agent", $"--master={Master}", "--ip=127.0.0.1", $"--port={AgentPort}", $"--work_dir={AgentWorkDir}",
            $"--resources=cpus:4;mem:2048;disk:1024;ports:{TaskPorts}", $"--config={agentConfig}", .. AgentFlags]);
        _processes.Add(agent);
        await agent.WaitForOutputs(AgentReady);
    }

    public async Task DisposeAsync()
    {
        foreach (var process in _processes) await process.DisposeAsync();
        Directory.Delete(WorkDir, recursive: true);
    }
}
