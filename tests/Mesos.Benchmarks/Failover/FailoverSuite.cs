using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Mesos.Benchmarks.Failover;

/// <summary>
/// Three `mesos master` processes on loopback as one highly available cluster (one SQLite registry): the
/// leader is killed with kill -9, again and again, and each time the suite measures how long until a
/// master answers a scheduler's SUBSCRIBE (asked of the survivors, following their redirects, as a
/// framework given the list of masters does). The killed master is started again before the next kill.
/// </summary>
/// <remarks>Arguments: <c>--kills=N</c> (10).</remarks>
internal static class FailoverSuite
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    public static int Run(string[] args)
    {
        var kills = Arguments.Int(args, "--kills", 10);
        var work = Directory.CreateTempSubdirectory("mesos-failover-bench-").FullName;
        var ports = Enumerable.Range(0, 3).Select(_ => FreeMasterPort()).ToArray();
        var masters = new Process?[ports.Length];
        var joined = new ManualResetEventSlim[ports.Length];
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            for (var i = 0; i < ports.Length; i++) (masters[i], joined[i]) = Start(ports, i, work);
            var times = new List<TimeSpan>();
            for (var kill = 1; kill <= kills; kill++)
            {
                foreach (var seen in joined) Wait(seen, "a master did not see a leader");
                var leader = Leader(http, ports, except: -1);
                var clock = Stopwatch.StartNew();
                masters[leader]!.Kill();
                masters[leader]!.WaitForExit();
                var next = Leader(http, ports, except: leader);
                var elapsed = clock.Elapsed;
                times.Add(elapsed);
                Console.WriteLine($"kill {kill}: master on {ports[leader]} killed, master on {ports[next]} answered SUBSCRIBE after {elapsed.TotalSeconds:0.00} s");
                masters[leader]!.Dispose();
                (masters[leader], joined[leader]) = Start(ports, leader, work);
            }
            var sorted = times.Order().ToList();
            Console.WriteLine($"kill -9 of the leader to a new leader answering SUBSCRIBE, {kills} kills: median {sorted[sorted.Count / 2].TotalSeconds:0.00} s, " +
                $"min {sorted[0].TotalSeconds:0.00} s, max {sorted[^1].TotalSeconds:0.00} s");
        }
        finally
        {
            foreach (var master in masters.OfType<Process>())
            {
                if (!master.HasExited) master.Kill(entireProcessTree: true);
                master.WaitForExit();
                master.Dispose();
            }
            Directory.Delete(work, recursive: true);
        }
        return 0;
    }

    /// <summary>Starts master <paramref name="index"/>; the event is set once it knows who leads.</summary>
    private static (Process, ManualResetEventSlim) Start(int[] ports, int index, string work)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "mesos"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "master", "--ip=127.0.0.1", $"--port={ports[index]}", $"--work_dir={Path.Combine(work, $"master-{index}")}",
            $"--masters={string.Join(",", ports.Select(p => $"127.0.0.1:{p}"))}", $"--registry_store=sqlite:{Path.Combine(work, "registry.db")}",
        })
        {
            start.ArgumentList.Add(arg);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start mesos master");
        var joined = new ManualResetEventSlim();
        void Read(DataReceivedEventArgs e)
        {
            if (e.Data?.Contains("The leading master is", StringComparison.Ordinal) == true || e.Data?.Contains("This master leads", StringComparison.Ordinal) == true) joined.Set();
        }
        process.OutputDataReceived += (_, e) => Read(e);
        process.ErrorDataReceived += (_, e) => Read(e);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, joined);
    }

    private static void Wait(ManualResetEventSlim seen, string failure)
    {
        if (!seen.Wait(Deadline)) throw new TimeoutException(failure);
    }

    /// <summary>
    /// Asks each master but <paramref name="except"/> in turn to take a SUBSCRIBE, following a redirect to the
    /// leader, until one opens the stream; returns the index of the master that did.
    /// </summary>
    private static int Leader(HttpClient http, int[] ports, int except)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Deadline)
        {
            for (var i = 0; i < ports.Length; i++)
            {
                if (i == except) continue;
                var port = ports[i];
                for (var hop = 0; hop < 2; hop++)
                {
                    var (status, location) = Subscribe(http, port);
                    if (status == HttpStatusCode.OK && port != ports.ElementAtOrDefault(except)) return Array.IndexOf(ports, port);
                    if (status != HttpStatusCode.TemporaryRedirect || location is null) break;
                    port = new Uri("http:" + location).Port;
                }
            }
            Thread.Sleep(10);
        }
        throw new TimeoutException("No master answered SUBSCRIBE");
    }

    private static (HttpStatusCode?, string?) Subscribe(HttpClient http, int port)
    {
        const string body = """{"type":"SUBSCRIBE","subscribe":{"framework_info":{"user":"root","name":"failover-benchmark"}}}""";
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{port}/api/v1/scheduler") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            using var response = http.Send(request, HttpCompletionOption.ResponseHeadersRead);
            return (response.StatusCode, response.Headers.Location?.OriginalString);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return (null, null);
        }
    }

    // A master's cluster port is its HTTP port plus 1000: both must be free.
    private static int FreeMasterPort()
    {
        while (true)
        {
            var port = Random.Shared.Next(20_000, 29_000);
            try
            {
                using var http = new TcpListener(IPAddress.Loopback, port);
                using var cluster = new TcpListener(IPAddress.Loopback, port + 1000);
                http.Start();
                cluster.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken: try another.
            }
        }
    }
}
