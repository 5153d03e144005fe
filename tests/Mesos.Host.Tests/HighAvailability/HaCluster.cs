using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Mesos.Host.Tests.HighAvailability;

/// <summary>
/// Three `mesos master` processes on loopback as one highly available cluster (one SQLite registry they
/// share), an agent and a framework process given the list of all three, as a user starts them.
/// </summary>
internal sealed class HaCluster : IAsyncDisposable
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(5) };
    private readonly List<RunningMesos> _others = [];

    /// <param name="frameworks">The built-in frameworks every master runs (marathon, chronos), each master's on a port of its own.</param>
    public HaCluster(params string[] frameworks)
    {
        Directory.CreateDirectory(WorkDir);
        Ports = Enumerable.Range(0, 3).Select(_ => FreeMasterPort()).ToArray();
        Masters = new RunningMesos?[Ports.Length];
        FrameworkPorts = frameworks.ToDictionary(f => f, _ => Ports.Select(_ => RunningMesos.FreePort()).ToArray(), StringComparer.Ordinal);
    }

    /// <summary>Each built-in framework's port on each master, by the master's index.</summary>
    public IReadOnlyDictionary<string, int[]> FrameworkPorts { get; }

    public string WorkDir { get; } = Path.Combine(Path.GetTempPath(), "mesos-ha-" + Guid.NewGuid().ToString("N"));

    public int[] Ports { get; }

    public RunningMesos?[] Masters { get; }

    /// <summary>The list every master, agent and framework is given.</summary>
    public string MasterList => string.Join(",", Ports.Select(p => $"127.0.0.1:{p}"));

    public RunningMesos StartMaster(int index)
    {
        var master = RunningMesos.Start(["master", "--ip=127.0.0.1", $"--port={Ports[index]}", $"--work_dir={WorkDir}/master-{index}",
            $"--masters={MasterList}", $"--registry_store=sqlite:{WorkDir}/registry.db",
            .. FrameworkPorts.SelectMany(f => new[] { $"--{f.Key}", $"--{f.Key}_http_port={f.Value[index]}" })]);
        Masters[index] = master;
        return master;
    }

    public async Task StartMasters()
    {
        for (var i = 0; i < Ports.Length; i++) StartMaster(i);
        await LeaderAnswering(except: null);
    }

    public async Task<RunningMesos> StartAgent(string resources)
    {
        var agent = RunningMesos.Start("agent", $"--master={MasterList}", "--ip=127.0.0.1", $"--port={RunningMesos.FreePort()}",
            $"--work_dir={WorkDir}/agent", $"--resources={resources}");
        _others.Add(agent);
        await agent.WaitForOutputs(ClusterFixture.AgentReady);
        return agent;
    }

    public RunningMesos StartScheduler(params string[] args)
    {
        var scheduler = RunningMesos.StartProgram(TestPrograms.Executable("tests/Mesos.TestScheduler"), [$"--master={MasterList}", .. args]);
        _others.Add(scheduler);
        return scheduler;
    }

    /// <summary>kill -9 of a master.</summary>
    public async Task Crash(int index)
    {
        var master = Masters[index]!;
        await master.Crash();
        Masters[index] = null;
        _others.Add(master);
    }

    /// <summary>Stops a master as a service manager would (SIGTERM) and waits until it has exited.</summary>
    public async Task Stop(int index)
    {
        var master = Masters[index]!;
        (await master.Terminate(Deadline)).Should().Be(0, "a master stops cleanly on SIGTERM");
        Masters[index] = null;
        _others.Add(master);
    }

    /// <summary>
    /// Waits until a master other than <paramref name="except"/> leads and answers /master/state, and returns
    /// its index. Asks each live master in turn where its /master/redirect points.
    /// </summary>
    public async Task<int> LeaderAnswering(int? except)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var seen = new List<string>();
        while (true)
        {
            for (var i = 0; i < Ports.Length; i++)
            {
                if (i == except || Masters[i] is null) continue;
                if (await Ask(i) is { } leader && leader != except && await Answers(leader)) return leader;
            }
            if (deadline.IsCancellationRequested) throw new TimeoutException($"No master other than {except} came to lead: {string.Join("; ", seen.TakeLast(6))}");
            await Task.Yield();
        }

        async Task<int?> Ask(int i)
        {
            try
            {
                using var response = await _http.GetAsync($"http://127.0.0.1:{Ports[i]}/master/redirect", deadline.Token);
                var location = response.Headers.Location?.OriginalString;
                seen.Add($"{Ports[i]}: {(int)response.StatusCode} {location}");
                var port = location is null ? -1 : new Uri("http:" + location).Port;
                return Array.IndexOf(Ports, port) is var leader and >= 0 ? leader : null;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return null;
            }
        }
    }

    private async Task<bool> Answers(int index)
    {
        try
        {
            using var response = await _http.GetAsync($"http://127.0.0.1:{Ports[index]}/master/state");
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    public async Task<JsonElement> Get(int master, string path) =>
        JsonDocument.Parse(await _http.GetStringAsync($"http://127.0.0.1:{Ports[master]}{path}")).RootElement;

    public Task<HttpResponseMessage> Send(int master, string path) => _http.GetAsync($"http://127.0.0.1:{Ports[master]}{path}");

    /// <summary>Tasks the leader knows, by id, with their state; waits until <paramref name="done"/> holds of them.</summary>
    public async Task<IReadOnlyList<(string Id, string State, string Framework)>> LeaderTasks(Func<IReadOnlyList<(string Id, string State, string Framework)>, bool> done)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        IReadOnlyList<(string, string, string)> tasks = [];
        while (true)
        {
            try
            {
                var leader = await LeaderAnswering(except: null);
                var state = await Get(leader, "/master/state");
                tasks = state.GetProperty("frameworks").EnumerateArray()
                    .SelectMany(f => f.GetProperty("tasks").EnumerateArray().Select(t => (t.GetProperty("id").GetString()!, t.GetProperty("state").GetString()!, f.GetProperty("id").GetString()!)))
                    .ToList();
                if (done(tasks)) return tasks;
            }
            catch (HttpRequestException)
            {
                // The leader went away between the question and the answer: ask again.
            }
            if (deadline.IsCancellationRequested) throw new TimeoutException($"The leader's tasks never were as expected: {string.Join(", ", tasks)}");
            await Task.Yield();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _others.Concat(Masters.OfType<RunningMesos>())) await process.DisposeAsync();
        Sandboxes.KillProcessesIn(WorkDir);
        _http.Dispose();
        Directory.Delete(WorkDir, recursive: true);
    }

    // A master's cluster port is its HTTP port plus 1000: both must be free.
    private static int FreeMasterPort()
    {
        while (true)
        {
            var port = RunningMesos.FreePort();
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port + 1000);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken: try another.
            }
        }
    }
}
