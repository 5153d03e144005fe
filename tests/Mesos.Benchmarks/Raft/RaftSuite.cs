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
        var reports = new Reports();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        try
        {
            foreach (var port in ports) processes[port] = Spawn(port, members, root, reports);
            Console.WriteLine($"Raft, 3 processes on loopback, {Environment.ProcessorCount} cores; election timeout 150–300 ms, heartbeat 50 ms, SQLite WAL synchronous=FULL");
            // A first load lets the processes finish their JIT work, which on two cores can stall heartbeats
            // past an election timeout; its figures are not reported.
            Load(http, reports.AwaitLeader(ports, afterTerm: 0).Port, 3, 16);
            foreach (var inflight in new[] { 1, 16, 1024 })
            {
                var leader = reports.AwaitLeader(ports, afterTerm: 0);
                Load(http, leader.Port, 1, inflight);
                var (commits, ms) = Load(http, leader.Port, 5, inflight);
                Console.WriteLine($"commits/s with {inflight,4} proposals outstanding: {commits / (ms / 1000):N0} ({commits:N0} in {ms / 1000:N1} s)");
            }
            var failovers = new List<double>();
            for (var round = 0; round < FailoverRounds; round++)
            {
                var leader = reports.AwaitLeader(ports, afterTerm: 0);
                var killedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                processes[leader.Port].Kill(entireProcessTree: true);
                processes[leader.Port].WaitForExit();
                var next = reports.AwaitLeader(ports.Where(p => p != leader.Port).ToArray(), leader.Term);
                // A leader that committed before the kill took over before it: the round measured nothing.
                if (next.CommittedAtUnixMs >= killedAt) failovers.Add(next.CommittedAtUnixMs - killedAt);
                processes[leader.Port].Dispose();
                processes[leader.Port] = Spawn(leader.Port, members, root, reports);
                AwaitReady(http, reports, leader.Port, ports, processes, members, root);
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

    /// <summary>What the servers report on stdout: which are ready, and the newest leader to commit. Waiters block on it with a deadline.</summary>
    private sealed class Reports
    {
        private readonly object _gate = new();
        private readonly HashSet<int> _ready = [];
        private Leader? _leader;

        public void Line(int port, string line)
        {
            lock (_gate)
            {
                if (line.StartsWith("ready ", StringComparison.Ordinal)) _ready.Add(port);
                if (line.Split(' ') is ["leader", var term, var ms] && (_leader is null || long.Parse(term, CultureInfo.InvariantCulture) > _leader.Term))
                {
                    _leader = new Leader(port, long.Parse(term, CultureInfo.InvariantCulture), long.Parse(ms, CultureInfo.InvariantCulture));
                }
                Monitor.PulseAll(_gate);
            }
        }

        public void Exited(int port)
        {
            lock (_gate)
            {
                _ready.Remove(port);
                Monitor.PulseAll(_gate);
            }
        }

        public Leader AwaitLeader(IReadOnlyCollection<int> among, long afterTerm) =>
            Await(() => (_leader is { } l && l.Term > afterTerm && among.Contains(l.Port), _leader!), "No leader");

        /// <summary>Whether the server on <paramref name="port"/> started; false when its process exited first.</summary>
        public bool AwaitReady(int port, Process process) =>
            Await(() => (_ready.Contains(port) || process.HasExited, _ready.Contains(port)), $"Server {port} did not start");

        private T Await<T>(Func<(bool Done, T Result)> check, string what)
        {
            var deadline = Stopwatch.StartNew();
            lock (_gate)
            {
                while (true)
                {
                    if (check() is (true, var result)) return result;
                    var left = TimeSpan.FromSeconds(30) - deadline.Elapsed;
                    if (left <= TimeSpan.Zero) throw new TimeoutException($"{what} within 30 s.");
                    Monitor.Wait(_gate, left);
                }
            }
        }
    }

    private static void AwaitReady(HttpClient http, Reports reports, int port, IReadOnlyList<int> ports, Dictionary<int, Process> processes, string members, string root)
    {
        // The killed process's port can linger for a moment: a restart that fails to bind is tried again.
        for (var attempt = 0; !reports.AwaitReady(port, processes[port]); attempt++)
        {
            if (attempt == 10) throw new TimeoutException($"Server {port} did not start.");
            processes[port] = Spawn(port, members, root, reports);
        }
        // The restarted server catches up before the next kill, so every round starts from three healthy servers.
        var target = ports.Where(p => p != port).Max(p => AppliedIndex(http, p, atLeast: null));
        if (AppliedIndex(http, port, target) < target) throw new TimeoutException($"Server {port} did not catch up.");
    }

    private static long AppliedIndex(HttpClient http, int port, long? atLeast)
    {
        var query = atLeast is { } index ? $"?atLeast={index.ToString(CultureInfo.InvariantCulture)}" : "";
        return long.Parse(http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/bench/applied{query}")).GetAwaiter().GetResult(), CultureInfo.InvariantCulture);
    }

    private static (double Commits, double Milliseconds) Load(HttpClient http, int port, double seconds, int inflight)
    {
        var answer = http.PostAsync(new Uri($"http://127.0.0.1:{port}/bench/load?seconds={seconds.ToString(CultureInfo.InvariantCulture)}&inflight={inflight}"), null)
            .GetAwaiter().GetResult().Content.ReadAsStringAsync().GetAwaiter().GetResult().Split(' ');
        return (double.Parse(answer[0], CultureInfo.InvariantCulture), double.Parse(answer[1], CultureInfo.InvariantCulture));
    }

    private static Process Spawn(int port, string members, string root, Reports reports)
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
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => reports.Exited(port);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) reports.Line(port, e.Data); };
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
