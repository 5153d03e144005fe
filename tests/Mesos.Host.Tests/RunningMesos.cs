using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace Mesos.Host.Tests;

/// <summary>
/// A long-running `mesos` process (master, agent) started as a user would, with its output
/// followed line by line so that tests wait for what it says instead of sleeping.
/// </summary>
internal sealed class RunningMesos : IAsyncDisposable
{
    // xunit does not dispose a test class whose InitializeAsync failed: whatever it started is still
    // running when the tests end, and is killed then rather than left to hold ports and cores.
    private static readonly ConcurrentDictionary<RunningMesos, byte> Running = new();

    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly List<string> _seen = [];

    static RunningMesos()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var running in Running.Keys) running.Kill();
        };
    }

    private RunningMesos(Process process)
    {
        _process = process;
        Running.TryAdd(this, 0);
        // Both streams end when the process exits: then no wait can succeed, and each fails at once with the output.
        var open = 2;
        void Read(DataReceivedEventArgs e)
        {
            if (e.Data is not null) _lines.Writer.TryWrite(e.Data);
            else if (Interlocked.Decrement(ref open) == 0) _lines.Writer.TryComplete();
        }
        _process.OutputDataReceived += (_, e) => Read(e);
        _process.ErrorDataReceived += (_, e) => Read(e);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The process's id, e.g. to read its memory from /proc.</summary>
    public int Pid => _process.Id;

    public static RunningMesos Start(params string[] args) => StartProgram(MesosProcess.Executable, args);

    /// <summary>Starts `mesos` with <paramref name="args"/> in <paramref name="workingDirectory"/>, as a user would from there.</summary>
    public static RunningMesos StartIn(string workingDirectory, params string[] args) => StartProgram(MesosProcess.Executable, args, workingDirectory);

    /// <summary>Starts another program built beside the tests (a test framework or executor) the same way.</summary>
    public static RunningMesos StartProgram(string executable, params string[] args) => StartProgram(executable, args, workingDirectory: "");

    private static RunningMesos StartProgram(string executable, string[] args, string workingDirectory)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        return new RunningMesos(Process.Start(start) ?? throw new InvalidOperationException("Could not start mesos"));
    }

    /// <summary>Waits for an output line containing <paramref name="text"/>; fails with what was printed.</summary>
    public Task WaitForOutput(string text, TimeSpan? timeout = null) =>
        WaitForLine(line => line.Contains(text, StringComparison.Ordinal), $"No output line contained '{text}'", timeout);

    /// <summary>Waits until each of <paramref name="texts"/> has been in an output line, in any order.</summary>
    public Task WaitForOutputs(params string[] texts)
    {
        var missing = texts.ToList();
        return WaitForLine(line =>
        {
            missing.RemoveAll(text => line.Contains(text, StringComparison.Ordinal));
            return missing.Count == 0;
        }, $"Not every one of '{string.Join("', '", texts)}' was in an output line");
    }

    /// <summary>Waits for the next output line that <paramref name="match"/> accepts and returns it.</summary>
    public async Task<string> WaitForLine(Func<string, bool> match, string failure, TimeSpan? timeout = null)
    {
        // A minute: on a loaded two-core machine a process's start (runtime, JIT, Akka) has taken over 30 s.
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            while (true)
            {
                var line = await _lines.Reader.ReadAsync(deadline.Token);
                _seen.Add(line);
                if (match(line)) return line;
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{failure}. Output so far:\n{string.Join('\n', _seen)}");
        }
        catch (ChannelClosedException)
        {
            throw new TimeoutException($"{failure}: the process exited. Its output:\n{string.Join('\n', _seen)}");
        }
    }

    /// <summary>Every line printed so far, including those no wait has read yet.</summary>
    public IReadOnlyList<string> Lines()
    {
        while (_lines.Reader.TryRead(out var line)) _seen.Add(line);
        return _seen;
    }

    /// <summary>Asks the process to stop as Ctrl-C or a service manager would (SIGTERM), and waits for it to exit.</summary>
    public async Task<int> Terminate(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
        return await WaitForExit(timeout);
    }

    /// <summary>Waits for the process to exit on its own and returns its exit code.</summary>
    public async Task<int> WaitForExit(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(deadline.Token);
        return _process.ExitCode;
    }

    /// <summary>Kills the process at once (SIGKILL), as a crash would.</summary>
    public async Task Crash()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    /// <summary>
    /// A free loopback port for a process to listen on. Not one of the kernel's ephemeral ports (which a
    /// listener on port 0 gets): any process's outgoing connection may take such a port between this
    /// choice and the process's bind, and on a busy machine one did. Below that range only a bind takes
    /// a port, and the agents' task ports (31000-32000) are left out.
    /// </summary>
    public static int FreePort()
    {
        while (true)
        {
            var port = Random.Shared.Next(10_000, EphemeralPortsStart);
            if (port is >= 31_000 and <= 32_000) continue;
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken: try another.
            }
        }
    }

    private static int EphemeralPortsStart { get; } =
        File.Exists("/proc/sys/net/ipv4/ip_local_port_range")
        && int.TryParse(File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split('\t', ' ')[0], out var start) && start > 20_000
            ? start
            : 32_768;

    /// <summary>The first of <paramref name="count"/> free ports in a row, for `mesos local`, whose agents take the ports after the master's.</summary>
    public static int FreePorts(int count)
    {
        while (true)
        {
            var first = FreePort();
            if (first + count - 1 > IPEndPoint.MaxPort) continue;
            var listeners = new List<TcpListener>();
            try
            {
                for (var port = first + 1; port < first + count; port++)
                {
                    var listener = new TcpListener(IPAddress.Loopback, port);
                    listeners.Add(listener);
                    listener.Start();
                }
                return first;
            }
            catch (SocketException)
            {
                // One of them is taken: try another range.
            }
            finally
            {
                foreach (var listener in listeners) listener.Dispose();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await _process.WaitForExitAsync();
        Running.TryRemove(this, out _);
        _process.Dispose();
    }

    private void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
    }
}
