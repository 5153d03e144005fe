namespace Mesos.Host.Tests.Fuzz;

/// <summary>
/// A master and an agent as separate processes for the fuzz run: frequent offers, so that inputs find
/// live ones; small body limits, so that oversized bodies are cheap to send; agents that stop answering
/// (the fuzzer subscribes made-up ones) removed within seconds.
/// </summary>
public sealed class FuzzClusterFixture : IAsyncLifetime
{
    private const string Limits = """
        mesos.http.max-request-body-size = 512KiB
        mesos.http.max-small-request-body-size = 64KiB
        """;

    private readonly List<RunningMesos> _processes = [];

    public string WorkDir { get; } = Path.Combine(Path.GetTempPath(), "mesos-fuzz-" + Guid.NewGuid().ToString("N"));
    public int MasterPort { get; } = RunningMesos.FreePort();
    public int AgentPort { get; } = RunningMesos.FreePort();
    public string Master => $"127.0.0.1:{MasterPort}";

    internal RunningMesos MasterProcess => _processes[0];
    internal RunningMesos AgentProcess => _processes[1];

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(WorkDir);
        var config = Path.Combine(WorkDir, "limits.conf");
        await File.WriteAllTextAsync(config, Limits);
        var master = RunningMesos.Start("master", "--ip=127.0.0.1", $"--port={MasterPort}", $"--work_dir={Path.Combine(WorkDir, "master")}",
            "--allocation_interval=250ms", "--agent_ping_timeout=5secs", "--max_agent_ping_timeouts=3", $"--config={config}");
        _processes.Add(master);
        await master.WaitForOutput("listening on");
        var agent = RunningMesos.Start("agent", $"--master={Master}", "--ip=127.0.0.1", $"--port={AgentPort}", $"--work_dir={Path.Combine(WorkDir, "agent")}",
            $"--resources=cpus:4;mem:4096;disk:4096;ports:{TaskPortBlocks.Next()}", $"--config={config}");
        _processes.Add(agent);
        await agent.WaitForOutputs(ClusterFixture.AgentReady);
    }

    public async Task DisposeAsync()
    {
        foreach (var process in _processes) await process.DisposeAsync();
        Directory.Delete(WorkDir, recursive: true);
    }
}
