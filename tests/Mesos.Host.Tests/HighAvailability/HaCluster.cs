using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Mesos.Host.Tests.HighAvailability;

/// <summary>
/// Three `mesos master` processes as one highly available cluster (one SQLite registry they share), an
/// agent and a framework process given the list of all three, as a user starts them: on loopback, or each
/// on a host of its own (<see cref="IsolatedHosts"/>: master-0 to master-2, agent, framework) for tests
/// that cut the network between them.
/// </summary>
internal sealed class HaCluster : IAsyncDisposable
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(5) };
    private readonly List<RunningMesos> _others = [];
    private readonly IsolatedHosts? _hosts;

    /// <param name="frameworks">The built-in frameworks every master runs (marathon, chronos), each master's on a port of its own.</param>
    public HaCluster(params string[] frameworks) : this(null, frameworks)
    {
    }

    /// <param name="hosts">Network namespaces the masters, the agent and the framework run in, each in its own; none: all on loopback.</param>
    /// <param name="frameworks">The built-in frameworks every master runs (marathon, chronos), each master's on a port of its own.</param>
    public HaCluster(IsolatedHosts? hosts, params string[] frameworks)
    {
        _hosts = hosts;
        Directory.CreateDirectory(WorkDir);
        // Hosts of their own each have every port: the masters take Mesos' own.
        Hosts = Enumerable.Range(0, 3).Select(i => hosts?.Address(MasterHost(i)) ?? "127.0.0.1").ToArray();
        Ports = Enumerable.Range(0, 3).Select(_ => hosts is null ? FreeMasterPort() : 5050).ToArray();
        Masters = new RunningMesos?[Ports.Length];
        FrameworkPorts = frameworks.ToDictionary(f => f, _ => Ports.Select(_ => RunningMesos.FreePort()).ToArray(), StringComparer.Ordinal);
    }

    /// <summary>Each built-in framework's port on each master, by the master's index.</summary>
    public IReadOnlyDictionary<string, int[]> FrameworkPorts { get; }

    public string WorkDir { get; } = Path.Combine(Path.GetTempPath(), "mesos-ha-" + Guid.NewGuid().ToString("N"));

    public string[] Hosts { get; }

    public int[] Ports { get; }

    public RunningMesos?[] Masters { get; }

    /// <summary>The host name of master <paramref name="index"/> among <see cref="IsolatedHosts"/>.</summary>
    public static string MasterHost(int index) => $"master-{index}";

    public string Endpoint(int index) => $"{Hosts[index]}:{Ports[index]}";

    /// <summary>The list every master, agent and framework is given.</summary>
    public string MasterList => string.Join(",", Enumerable.Range(0, Ports.Length).Select(Endpoint));

    public RunningMesos StartMaster(int index)
    {
        var master = Start(MasterHost(index), MesosProcess.Executable, ["master", $"--ip={Hosts[index]}", $"--port={Ports[index]}",
            $"--work_dir={WorkDir}/master-{index}", $"--masters={MasterList}", $"--registry_store=sqlite:{WorkDir}/registry.db",
            .. FrameworkPorts.SelectMany(f => new[] { $"--{f.Key}", $"--{f.Key}_http_port={f.Value[index]}" })]);
        Masters[index] = master;
        return master;
    }

    /// <summary>
    /// Starts master <paramref name="index"/> again and waits until it is Up in the cluster: while it is only
    /// Joining it does not count towards the quorum, so stopping another master then would lose the majority.
    /// </summary>
    public async Task<RunningMesos> RestartMaster(int index)
    {
        var master = StartMaster(index);
        await master.WaitForLine(l => l.Contains(UpLine, StringComparison.Ordinal), "The restarted master did not become Up", Deadline);
        return master;
    }

    /// <summary>
    /// Starts every master and waits until each is Up in the cluster and one leads. While the cluster forms, the
    /// master singleton can start on one master and then be handed over to a member Akka counts as older (two
    /// members given the same up-number): the master it left must stay, a follower, and none may have stopped.
    /// </summary>
    public async Task StartMasters()
    {
        for (var i = 0; i < Ports.Length; i++) StartMaster(i);
        await Condition.Until(() => Masters.All(m => Printed(m!, UpLine)), Deadline);
        await LeaderAnswering(except: null);
        Masters.Where(m => Printed(m!, StoppedLine)).Should().BeEmpty("no master stops while the cluster forms");
    }

    private const string UpLine = "This master is Up in the cluster";

    private const string StoppedLine = "The master stopped while its process runs";

    private static bool Printed(RunningMesos master, string line) => master.Lines().Any(l => l.Contains(line, StringComparison.Ordinal));

    public async Task<RunningMesos> StartAgent(string resources)
    {
        var ip = _hosts?.Address("agent") ?? "127.0.0.1";
        var agent = Start("agent", MesosProcess.Executable, "agent", $"--master={MasterList}", $"--ip={ip}", $"--port={(_hosts is null ? RunningMesos.FreePort() : 5051)}",
            $"--work_dir={WorkDir}/agent", $"--resources={resources}");
        _others.Add(agent);
        await agent.WaitForOutputs(ClusterFixture.AgentReady);
        return agent;
    }

    public RunningMesos StartScheduler(params string[] args)
    {
        var scheduler = Start("framework", TestPrograms.Executable("tests/Mesos.TestScheduler"), [$"--master={MasterList}", .. args]);
        _others.Add(scheduler);
        return scheduler;
    }

    private RunningMesos Start(string host, string executable, params string[] args) =>
        _hosts?.Start(host, executable, args) ?? RunningMesos.StartProgram(executable, args);

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

    /// <summary>Forgets a master that exited on its own (its process is still disposed of at the end).</summary>
    public void Exited(int index)
    {
        _others.Add(Masters[index]!);
        Masters[index] = null;
    }

    /// <summary>
    /// Waits until a master other than <paramref name="except"/> leads and answers /master/state, and returns
    /// its index. Asks each live master in turn where its /master/redirect points.
    /// </summary>
    public async Task<int> LeaderAnswering(int? except)
    {
        var seen = new List<string>();
        int? leader = null;
        try
        {
            await Condition.Until(async () => (leader = await Leader(except, seen)) is not null, Deadline);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"No master other than {except} came to lead: {string.Join("; ", seen.TakeLast(6))}\n{Outputs()}");
        }
        return leader!.Value;
    }

    private async Task<int?> Leader(int? except, List<string> seen)
    {
        for (var i = 0; i < Ports.Length; i++)
        {
            if (i == except || Masters[i] is null) continue;
            if (await Ask(i) is { } leader && leader != except && await Answers(leader)) return leader;
        }
        return null;

        async Task<int?> Ask(int i)
        {
            try
            {
                using var response = await _http.GetAsync($"http://{Endpoint(i)}/master/redirect");
                var location = response.Headers.Location?.OriginalString;
                seen.Add($"{Endpoint(i)}: {(int)response.StatusCode} {location}");
                var named = location is null ? null : new Uri("http:" + location).Authority;
                return Enumerable.Range(0, Ports.Length).FirstOrDefault(m => Endpoint(m) == named, -1) is var leader and >= 0 ? leader : null;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return null;
            }
        }
    }

    /// <summary>The last lines each master printed, for a failure's message.</summary>
    public string Outputs() => string.Join('\n', Masters.Select((m, i) => m is null ? "" :
        $"--- master {Endpoint(i)}:\n{string.Join('\n', m.Lines().TakeLast(40))}"));

    private async Task<bool> Answers(int index)
    {
        try
        {
            using var response = await _http.GetAsync($"http://{Endpoint(index)}/master/state");
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    public async Task<JsonElement> Get(int master, string path) =>
        JsonDocument.Parse(await _http.GetStringAsync($"http://{Endpoint(master)}{path}")).RootElement;

    public Task<HttpResponseMessage> Send(int master, string path) => _http.GetAsync($"http://{Endpoint(master)}{path}");

    /// <summary>Tasks the leader knows, by id, with their state; waits until <paramref name="done"/> holds of them.</summary>
    public async Task<IReadOnlyList<(string Id, string State, string Framework)>> LeaderTasks(Func<IReadOnlyList<(string Id, string State, string Framework)>, bool> done)
    {
        IReadOnlyList<(string, string, string)> tasks = [];
        try
        {
            await Condition.Until(async () =>
            {
                try
                {
                    var state = await Get(await LeaderAnswering(except: null), "/master/state");
                    tasks = state.GetProperty("frameworks").EnumerateArray()
                        .SelectMany(f => f.GetProperty("tasks").EnumerateArray().Select(t => (t.GetProperty("id").GetString()!, t.GetProperty("state").GetString()!, f.GetProperty("id").GetString()!)))
                        .ToList();
                    return done(tasks);
                }
                catch (HttpRequestException)
                {
                    // The leader went away between the question and the answer: ask again.
                    return false;
                }
            }, Deadline);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The leader's tasks never were as expected: {string.Join(", ", tasks)}");
        }
        return tasks;
    }

    /// <summary>Starts the agent and a framework of <paramref name="tasks"/> tasks, and waits until each task runs and its update is acknowledged.</summary>
    public async Task<(RunningMesos Agent, RunningMesos Scheduler, string FrameworkId)> RunTasks(int tasks, params string[] schedulerFlags)
    {
        var agent = await StartAgent("cpus:4;mem:4096");
        var scheduler = StartScheduler(["--name=ha", $"--tasks={tasks}", "--command=sleep 600", "--failover_timeout=3600", .. schedulerFlags]);
        var frameworkId = await Subscribed(scheduler);
        var running = new HashSet<string>(Enumerable.Range(1, tasks).Select(i => $"ACKED task-{i} TASK_RUNNING"), StringComparer.Ordinal);
        await scheduler.WaitForLine(l => running.Remove(l) && running.Count == 0, "Not every task ran", Deadline);
        return (agent, scheduler, frameworkId);
    }

    /// <summary>The framework's id from the next SUBSCRIBED it prints.</summary>
    public static async Task<string> Subscribed(RunningMesos scheduler) =>
        (await scheduler.WaitForLine(l => l.StartsWith("SUBSCRIBED ", StringComparison.Ordinal), "The scheduler did not subscribe", Deadline))["SUBSCRIBED ".Length..];

    /// <summary>The leader knows each of the <paramref name="tasks"/> tasks once, running, of the framework; the scheduler heard no task end.</summary>
    public async Task EveryTaskRunsOnce(RunningMesos scheduler, string frameworkId, int tasks)
    {
        var known = await LeaderTasks(t => t.Count >= tasks && t.All(x => x.State == "TASK_RUNNING"));
        known.Select(t => t.Id).Should().BeEquivalentTo(Enumerable.Range(1, tasks).Select(i => $"task-{i}"), "no task is lost or known twice");
        known.Should().OnlyContain(t => t.Framework == frameworkId);
        var updates = scheduler.Lines().Where(l => l.StartsWith("UPDATE ", StringComparison.Ordinal)).Select(l => l.Split(' ')).ToList();
        updates.Select(u => u[2]).Should().OnlyContain(s => s == "TASK_STARTING" || s == "TASK_RUNNING", "no task ended");
        // Reconciliation answers carry no uuid; every other update was acknowledged. An update may come twice (the agent
        // resends one whose acknowledgement is slow, as Mesos' agent does): delivery is at least once.
        var acked = scheduler.Lines().Where(l => l.StartsWith("ACKED ", StringComparison.Ordinal)).Select(l => l["ACKED ".Length..]).ToHashSet(StringComparer.Ordinal);
        updates.Where(u => u[3] != "-").Select(u => $"{u[1]} {u[2]}").Should().OnlyContain(u => acked.Contains(u), "every update was acknowledged");
        scheduler.Lines().Should().NotContain(l => l.StartsWith("ACK_FAILED ", StringComparison.Ordinal), "every acknowledgement was taken");
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
