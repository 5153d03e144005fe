using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Mesos.Benchmarks.Failover;

/// <summary>
/// Three `mesos master` processes on loopback as one highly available cluster with one SQLite registry, as a
/// user starts them: started, killed with kill -9 and started again one at a time, and asked who leads.
/// </summary>
internal sealed class MasterTrio : IDisposable
{
    public static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    private readonly string _work = Directory.CreateTempSubdirectory("mesos-failover-bench-").FullName;
    private readonly IReadOnlyList<string> _flags;
    private readonly Process?[] _masters = new Process?[3];
    private readonly ManualResetEventSlim?[] _up = new ManualResetEventSlim?[3];
    private readonly Queue<string>[] _output = [new(), new(), new()];
    private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(2) };

    /// <param name="flags">Flags every master gets besides those that make the cluster.</param>
    public MasterTrio(IReadOnlyList<string> flags)
    {
        _flags = flags;
        Ports = Enumerable.Range(0, 3).Select(_ => FreeMasterPort()).ToArray();
        try
        {
            for (var i = 0; i < Ports.Length; i++) Start(i);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public int[] Ports { get; }

    /// <summary>The list every master, agent and framework is given.</summary>
    public string List => string.Join(",", Ports.Select(p => $"127.0.0.1:{p}"));

    /// <summary>Starts master <paramref name="index"/>; <see cref="WaitUp"/> tells when it counts towards a quorum.</summary>
    public void Start(int index)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "mesos"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "master", "--ip=127.0.0.1", $"--port={Ports[index]}", $"--work_dir={Path.Combine(_work, $"master-{index}")}",
            $"--masters={List}", $"--registry_store=sqlite:{Path.Combine(_work, "registry.db")}",
        }.Concat(_flags))
        {
            start.ArgumentList.Add(arg);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start mesos master");
        var up = new ManualResetEventSlim();
        var output = _output[index];
        lock (output) output.Clear();
        void Read(DataReceivedEventArgs e)
        {
            if (e.Data is { } line)
            {
                // The last lines each master printed, for the message of a benchmark that stops.
                lock (output)
                {
                    output.Enqueue(line);
                    if (output.Count > 40) output.Dequeue();
                }
            }
            // A master that knows who leads may still be Joining: killing the leader then leaves one master Up of
            // the quorum of two, and the survivors rightly elect none.
            if (e.Data?.Contains("This master is Up in the cluster", StringComparison.Ordinal) == true) up.Set();
        }
        process.OutputDataReceived += (_, e) => Read(e);
        process.ErrorDataReceived += (_, e) => Read(e);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _masters[index] = process;
        _up[index] = up;
    }

    /// <summary>Waits until every running master is Up in the cluster, as a master must be before another may be lost.</summary>
    public void WaitUp()
    {
        for (var i = 0; i < _up.Length; i++)
        {
            if (_up[i] is { } up && !up.Wait(Deadline))
            {
                throw new TimeoutException($"The master on {Ports[i]} did not become Up in the cluster; its last lines:\n{LastLines(i)}");
            }
        }
    }

    /// <summary>The processor time master <paramref name="index"/> has used since it started (zero while it is not running).</summary>
    public TimeSpan Cpu(int index) => _masters[index] is { HasExited: false } master ? master.TotalProcessorTime : TimeSpan.Zero;

    /// <summary>kill -9 of master <paramref name="index"/>, waiting until it is gone.</summary>
    public void Kill(int index)
    {
        var master = _masters[index]!;
        master.Kill();
        master.WaitForExit();
        master.Dispose();
        _masters[index] = null;
    }

    /// <summary>
    /// Asks each master but <paramref name="except"/> in turn to take a SUBSCRIBE, following a redirect to the
    /// leader, as a framework given the list does, until one opens the stream; returns the index of the master that did.
    /// </summary>
    public int Leader(int except = -1)
    {
        var leader = -1;
        try
        {
            Polling.Until(() => (leader = AnsweringSubscribe(except)) >= 0, "a master to answer SUBSCRIBE", Deadline, TimeSpan.FromMilliseconds(10));
        }
        catch (TimeoutException e)
        {
            var masters = Enumerable.Range(0, Ports.Length).Where(i => _masters[i] is not null).Select(i => $"The master on {Ports[i]}, its last lines:\n{LastLines(i)}");
            throw new TimeoutException($"{e.Message}\n{string.Join('\n', masters)}", e);
        }
        return leader;
    }

    private string LastLines(int index)
    {
        lock (_output[index]) return string.Join('\n', _output[index]);
    }

    /// <summary>The index of the master that opened a SUBSCRIBE's stream in one round over the masters, or -1.</summary>
    private int AnsweringSubscribe(int except)
    {
        for (var i = 0; i < Ports.Length; i++)
        {
            if (i == except) continue;
            var port = Ports[i];
            for (var hop = 0; hop < 2; hop++)
            {
                var (status, location) = Subscribe(port);
                if (status == HttpStatusCode.OK && port != Ports.ElementAtOrDefault(except)) return Array.IndexOf(Ports, port);
                if (status != HttpStatusCode.TemporaryRedirect || location is null) break;
                port = new Uri("http:" + location).Port;
            }
        }
        return -1;
    }

    private (HttpStatusCode?, string?) Subscribe(int port)
    {
        const string body = """{"type":"SUBSCRIBE","subscribe":{"framework_info":{"user":"root","name":"failover-benchmark"}}}""";
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{port}/api/v1/scheduler") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            using var response = _http.Send(request, HttpCompletionOption.ResponseHeadersRead);
            return (response.StatusCode, response.Headers.Location?.OriginalString);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return (null, null);
        }
    }

    public void Dispose()
    {
        foreach (var master in _masters.OfType<Process>())
        {
            if (!master.HasExited) master.Kill(entireProcessTree: true);
            master.WaitForExit();
            master.Dispose();
        }
        _http.Dispose();
        Directory.Delete(_work, recursive: true);
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
