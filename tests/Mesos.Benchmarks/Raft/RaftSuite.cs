using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace Mesos.Benchmarks.Raft;

/// <summary>
/// Three Raft servers as three processes on loopback: time from killing the leader to a new leader's first commit,
/// and commits per second with 1, 16 and 1024 proposals outstanding. <c>raft node ...</c> runs one server.
/// </summary>
internal static class RaftSuite
{
    private const int FailoverRounds = 10;

    public static int Run(string[] args)
    {
        if (args.Length > 0 && args[0] == "node") return RaftBenchNode.Run(args[1..]);
        var root = Directory.CreateTempSubdirectory("raft-bench-").FullName;
        var ports = Enumerable.Range(0, 3).Select(_ => FreePort()).ToArray();
        var members = string.Join(',', ports.Select(p => $"127.0.0.1:{p}"));
        var processes = new Dictionary<int, Process>();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        try
        {
            foreach (var port in ports) processes[port] = Spawn(port, members, root);
            Console.WriteLine($"Raft, 3 processes on loopback, {Environment.ProcessorCount} cores; election timeout 150–300 ms, heartbeat 50 ms, SQLite WAL synchronous=FULL");
            // A first load lets the processes finish their JIT work, which on two cores can stall heartbeats
            // past an election timeout; its figures are not reported.
            Load(http, AwaitLeader(http, ports, afterTerm: 0).Port, 3, 16);
            foreach (var inflight in new[] { 1, 16, 1024 })
            {
                var leader = AwaitLeader(http, ports, afterTerm: 0);
                Load(http, leader.Port, 1, inflight);
                var (commits, ms) = Load(http, leader.Port, 5, inflight);
                Console.WriteLine($"commits/s with {inflight,4} proposals outstanding: {commits / (ms / 1000):N0} ({commits:N0} in {ms / 1000:N1} s)");
            }
            var failovers = new List<double>();
            for (var round = 0; round < FailoverRounds; round++)
            {
                var leader = AwaitLeader(http, ports, afterTerm: 0);
                var killedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                processes[leader.Port].Kill(entireProcessTree: true);
                processes[leader.Port].WaitForExit();
                var next = AwaitLeader(http, ports.Where(p => p != leader.Port).ToArray(), leader.Term);
                // A leader that committed before the kill took over before it: the round measured nothing.
                if (next.CommittedAtUnixMs >= killedAt) failovers.Add(next.CommittedAtUnixMs - killedAt);
                processes[leader.Port] = Spawn(leader.Port, members, root);
                AwaitReady(http, leader.Port, ports, processes, members, root);
            }
            failovers.Sort();
            Console.WriteLine($"leader killed → new leader committed: median {failovers[failovers.Count / 2]:N0} ms, " +
                $"min {failovers[0]:N0} ms, max {failovers[^1]:N0} ms over {failovers.Count} of {FailoverRounds} kills");
            return 0;
        }
        finally
        {
            foreach (var process in processes.Values)
            {
                if (!process.HasExited) process.Kill(entireProcessTree: true);
                process.Dispose();
            }
            Directory.Delete(root, recursive: true);
        }
    }

    private sealed record Leader(int Port, long Term, long CommittedAtUnixMs);

    private static Leader AwaitLeader(HttpClient http, int[] ports, long afterTerm)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            foreach (var port in ports)
            {
                var state = TryGet(http, port, "/bench/state")?.Split(' ');
                if (state is null || state[0] != "Leader") continue;
                var term = long.Parse(state[1], CultureInfo.InvariantCulture);
                var committedTerm = long.Parse(state[2], CultureInfo.InvariantCulture);
                if (term > afterTerm && committedTerm == term) return new Leader(port, term, long.Parse(state[3], CultureInfo.InvariantCulture));
            }
            Thread.Sleep(2);
        }
        throw new TimeoutException("No leader within 30 s.");
    }

    private static void AwaitReady(HttpClient http, int port, IReadOnlyList<int> ports, Dictionary<int, Process> processes, string members, string root)
    {
        var deadline = Stopwatch.StartNew();
        while (TryGet(http, port, "/bench/state") is null)
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(30)) throw new TimeoutException($"Server {port} did not start.");
            // The killed process's port can linger for a moment: a restart that fails to bind is tried again.
            if (processes[port].HasExited) processes[port] = Spawn(port, members, root);
            Thread.Sleep(10);
        }
        // The restarted server catches up before the next kill, so every round starts from three healthy servers.
        var target = ports.Where(p => p != port).Max(p => AppliedIndex(http, p));
        while (AppliedIndex(http, port) < target)
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(60)) throw new TimeoutException($"Server {port} did not catch up.");
            Thread.Sleep(10);
        }
    }

    private static long AppliedIndex(HttpClient http, int port) =>
        TryGet(http, port, "/bench/state")?.Split(' ') is [_, _, _, _, var applied] ? long.Parse(applied, CultureInfo.InvariantCulture) : -1;

    private static (double Commits, double Milliseconds) Load(HttpClient http, int port, double seconds, int inflight)
    {
        var answer = http.PostAsync(new Uri($"http://127.0.0.1:{port}/bench/load?seconds={seconds.ToString(CultureInfo.InvariantCulture)}&inflight={inflight}"), null)
            .GetAwaiter().GetResult().Content.ReadAsStringAsync().GetAwaiter().GetResult().Split(' ');
        return (double.Parse(answer[0], CultureInfo.InvariantCulture), double.Parse(answer[1], CultureInfo.InvariantCulture));
    }

    private static string? TryGet(HttpClient http, int port, string path)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
            using var response = http.GetAsync(new Uri($"http://127.0.0.1:{port}{path}"), timeout.Token).GetAwaiter().GetResult();
            return response.IsSuccessStatusCode ? response.Content.ReadAsStringAsync().GetAwaiter().GetResult() : null;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            return null;
        }
    }

    private static Process Spawn(int port, string members, string root)
    {
        var directory = Path.Combine(root, port.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(directory);
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        // Under `dotnet Mesos.Benchmarks.dll` the process is dotnet itself: pass the assembly on.
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(typeof(RaftSuite).Assembly.Location);
        foreach (var arg in new[] { "raft", "node", "--port", port.ToString(CultureInfo.InvariantCulture), "--members", members, "--dir", directory })
        {
            start.ArgumentList.Add(arg);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start a Raft server process.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"[{port}] {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
