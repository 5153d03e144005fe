namespace Mesos.Host.Tests;

/// <summary>`mesos local` with one agent, as the README has a user try a framework on it.</summary>
public sealed class LocalClusterFixture : IAsyncLifetime
{
    private RunningMesos _process = null!;

    public string WorkDir { get; } = Path.Combine(Path.GetTempPath(), "mesos-local-" + Guid.NewGuid().ToString("N"));

    /// <summary>The master's port; the agent takes the next one.</summary>
    public int Port { get; } = RunningMesos.FreePorts(2);

    public string Master => $"127.0.0.1:{Port}";

    /// <summary>The port of the built-in Chronos' REST API.</summary>
    public int ChronosPort { get; } = RunningMesos.FreePort();

    /// <summary>The port of the built-in Marathon's REST API and web UI.</summary>
    public int MarathonPort { get; } = RunningMesos.FreePort();

    public async Task InitializeAsync()
    {
        _process = RunningMesos.Start("local", "--num_agents=1", $"--port={Port}", $"--work_dir={WorkDir}", $"--chronos_http_port={ChronosPort}",
            $"--marathon_http_port={MarathonPort}");
        // The summary line comes once the master and the agent are bound; the agent subscribes on its own time.
        await _process.WaitForOutputs("Mesos local cluster", "Subscribed to master");
    }

    public async Task DisposeAsync()
    {
        await _process.DisposeAsync();
        if (Directory.Exists(WorkDir)) Directory.Delete(WorkDir, recursive: true);
    }
}
