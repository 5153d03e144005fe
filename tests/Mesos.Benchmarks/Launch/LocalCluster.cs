using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Mesos.Benchmarks.Launch;

/// <summary>A `mesos master` and, unless told otherwise, one `mesos agent`, as processes on loopback, for benchmarks that need a real cluster.</summary>
internal sealed class LocalCluster : IDisposable
{
    private readonly List<Process> _processes = [];
    private readonly string _dir = Directory.CreateTempSubdirectory("mesos-bench-").FullName;
    private readonly List<string> _agentArgs = [];

    /// <param name="agentResources">The agent's --resources; null for a master alone.</param>
    /// <param name="extraFlags">Flags given to both the master and the agent, after ours (e.g. --config=FILE).</param>
    public LocalCluster(string? agentResources, IReadOnlyList<string> extraFlags)
    {
        MasterPort = FreePort();
        try
        {
            Start("master", "Master", ["--ip=127.0.0.1", $"--port={MasterPort}", $"--work_dir={_dir}/master", .. extraFlags]);
            if (agentResources is null) return;
            _agentArgs.AddRange([$"--master=127.0.0.1:{MasterPort}", "--ip=127.0.0.1", $"--port={FreePort()}",
                $"--work_dir={_dir}/agent", $"--resources={agentResources}", .. extraFlags]);
            Start("agent", "Subscribed to master", _agentArgs);
        }
        catch
        {
            // Nobody disposes of a cluster whose constructor threw: stop what did start.
            Dispose();
            throw;
        }
    }

    public int MasterPort { get; }

    /// <summary>The master's process.</summary>
    public Process Master => _processes[0];

    /// <summary>CPU time (user and system) the master and the agent have used so far.</summary>
    public (TimeSpan Master, TimeSpan Agent) Cpu()
    {
        foreach (var process in _processes) process.Refresh();
        return (_processes[0].TotalProcessorTime, _processes[1].TotalProcessorTime);
    }

    private void Start(string command, string ready, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "mesos"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(command);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start mesos {command}");
        _processes.Add(process);
        using var seen = new ManualResetEventSlim();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.Contains(ready, StringComparison.Ordinal) == true) seen.Set();
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!seen.Wait(TimeSpan.FromSeconds(30))) throw new TimeoutException($"mesos {command} did not say '{ready}'");
    }

    /// <summary>
    /// Starts another `mesos` command beside the cluster (a framework such as `mesos marathon`, its work dir
    /// under the cluster's), stopped with it; returns its process once it says <paramref name="ready"/>.
    /// </summary>
    public Process StartBeside(string command, string ready, IEnumerable<string> args)
    {
        Start(command, ready, [$"--work_dir={_dir}/{command}", .. args]);
        return _processes[^1];
    }

    /// <summary>Kills the agent at once (SIGKILL, its tasks left running), as a crash would.</summary>
    public void CrashAgent()
    {
        _processes[1].Kill();
        _processes[1].WaitForExit();
    }

    /// <summary>Starts the agent again on the same work dir and port; returns once it says <paramref name="ready"/>.</summary>
    public void RestartAgent(string ready)
    {
        _processes[1].Dispose();
        _processes.RemoveAt(1);
        Start("agent", ready, _agentArgs);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        foreach (var process in _processes)
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.WaitForExit();
            process.Dispose();
        }
        Directory.Delete(_dir, recursive: true);
    }
}
