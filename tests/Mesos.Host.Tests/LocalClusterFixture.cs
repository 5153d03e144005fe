using System.Net;
using System.Net.Sockets;

namespace Mesos.Host.Tests;

/// <summary>`mesos local` with one agent, as the README has a user try a framework on it.</summary>
public sealed class LocalClusterFixture : IAsyncLifetime
{
    private RunningMesos _process = null!;

    public string WorkDir { get; } = Path.Combine(Path.GetTempPath(), "mesos-local-" + Guid.NewGuid().ToString("N"));

    /// <summary>The master's port; the agent takes the next one.</summary>
    public int Port { get; } = TwoFreePorts();

    public string Master => $"127.0.0.1:{Port}";

    public async Task InitializeAsync()
    {
        _process = RunningMesos.Start("local", "--num_agents=1", $"--port={Port}", $"--work_dir={WorkDir}");
        await _process.WaitForOutput("Subscribed to master");
    }

    public async Task DisposeAsync()
    {
        await _process.DisposeAsync();
        if (Directory.Exists(WorkDir)) Directory.Delete(WorkDir, recursive: true);
    }

    /// <summary>A free port whose successor is free too, for the agent that `mesos local` puts there.</summary>
    private static int TwoFreePorts()
    {
        while (true)
        {
            var port = RunningMesos.FreePort();
            if (port == IPEndPoint.MaxPort) continue;
            try
            {
                using var next = new TcpListener(IPAddress.Loopback, port + 1);
                next.Start();
                return port;
            }
            catch (SocketException)
            {
            }
        }
    }
}
