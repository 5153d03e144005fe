using System.Diagnostics;
using Akka.Actor;
using Akka.Configuration;
using Mesos.Actors.Framework;
using Mesos.Actors.Settings;
using Mesos.Benchmarks.Launch;
using Mesos.V1;

namespace Mesos.Benchmarks.Simulation;

/// <summary>
/// A real `mesos master` process with many simulated agents in this process, filled with long-running
/// tasks by a <see cref="FillScheduler"/>; prints how long the agents took to register and the tasks to run.
/// The agents are <see cref="SimulatedAgents"/> (each the real agent actor, two or more sockets each) or the
/// lighter <see cref="ProtocolAgents"/> (the agent's side of the protocol, one socket each), which ten
/// thousand fit in this machine's open file limit.
/// </summary>
/// <remarks>Arguments: <c>--agents=N</c> (1000), <c>--tasks=N</c> (10 per agent); the rest go to the master.</remarks>
internal sealed class ScaleCluster : IDisposable
{
    private const string AgentResources = "cpus:16;mem:65536;disk:65536;ports:[31000-32000]";
    public static readonly TimeSpan Deadline = TimeSpan.FromMinutes(20);

    private readonly LocalCluster _master;
    private readonly string _work;
    private readonly AgentKind _kind;
    private IAsyncDisposable? _agents;
    private ActorSystem? _system;

    public ScaleCluster(string[] args, AgentKind kind = AgentKind.AgentActors)
    {
        _kind = kind;
        Agents = Arguments.Int(args, "--agents", 1000);
        Tasks = Arguments.Int(args, "--tasks", Agents * 10);
        var masterFlags = args.Where(a => !a.StartsWith("--agents=", StringComparison.Ordinal) && !a.StartsWith("--tasks=", StringComparison.Ordinal)).ToList();
        // Every simulated agent holds an event stream and opens connections for its calls as they come (a
        // burst of status updates opens several), and so does the master for it.
        OpenFileLimit.Raise(1_000_000);

        _master = new LocalCluster(null, masterFlags);
        Master = $"127.0.0.1:{_master.MasterPort}";
        Http = new HttpClient { BaseAddress = new Uri($"http://{Master}"), Timeout = TimeSpan.FromMinutes(2) };
        _work = Directory.CreateTempSubdirectory("mesos-scale-").FullName;
        try
        {
            Scheduler = Fill();
        }
        catch
        {
            // Nobody disposes of a cluster whose constructor threw: stop the master process and the agents.
            Dispose();
            throw;
        }
    }

    private IActorRef Fill()
    {
        var clock = Stopwatch.StartNew();
        Func<bool> registered;
        if (_kind == AgentKind.Protocol)
        {
            // The agents say when they are subscribed: asking the master, swamped by ten thousand subscriptions, would only slow it.
            var fleet = new ProtocolAgents([Master], Agents, AgentResources);
            _agents = fleet;
            registered = () => fleet.Subscriptions.Most().Agents >= Agents;
        }
        else
        {
            _agents = new SimulatedAgents([Master], Agents, AgentResources, _work, taskRunTime: null);
            registered = () => Busy(() => Metric("master/slaves_active") >= Agents);
        }
        WaitFor(registered, "every agent to register");
        Console.WriteLine($"agents: {Agents} simulated agents registered in {clock.Elapsed.TotalSeconds:0.00} s");

        var running = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        _system = ActorSystem.Create("scale-bench", ReferenceConfig.WithDefaults(ConfigurationFactory.ParseString("akka.log-dead-letters = off")));
        var scheduler = _system.ActorOf(Props.Create(() => new FillScheduler(
            new SchedulerSettings(Master, new FrameworkInfo { User = System.Environment.UserName, Name = "scale-bench" }), Tasks, running)));
        var elapsed = running.Task.WaitAsync(Deadline).GetAwaiter().GetResult();
        Console.WriteLine($"tasks: {Tasks} tasks RUNNING on {Agents} agents, from the first ACCEPT, in {elapsed.TotalSeconds:0.00} s: {Tasks / elapsed.TotalSeconds:0} tasks/s");
        return scheduler;
    }

    public int Agents { get; }

    public int Tasks { get; }

    /// <summary>The master's process.</summary>
    public Process MasterProcess => _master.Master;

    /// <summary>host:port of the master.</summary>
    public string Master { get; }

    public HttpClient Http { get; }

    /// <summary>The <see cref="FillScheduler"/> whose tasks fill the cluster.</summary>
    public IActorRef Scheduler { get; }

    public double Metric(string name) => Polling.MasterMetric(Http, name);

    public void Dispose()
    {
        _system?.Terminate().GetAwaiter().GetResult();
        _agents?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Http.Dispose();
        _master.Dispose();
        Directory.Delete(_work, recursive: true);
    }

    // A master swamped by thousands of agents subscribing at once may answer a request for its metrics with a
    // server error (its actor did not answer in time), or not within the client's timeout: that is not yet, not the end of the run.
    private static bool Busy(Func<bool> condition)
    {
        try
        {
            return condition();
        }
        catch (Exception e) when (e is TaskCanceledException || (e is HttpRequestException { StatusCode: >= System.Net.HttpStatusCode.InternalServerError }))
        {
            return false;
        }
    }

    private static void WaitFor(Func<bool> condition, string what) => Polling.Until(condition, what, Deadline, TimeSpan.FromMilliseconds(100));
}

/// <summary>Which simulated agents a <see cref="ScaleCluster"/> runs.</summary>
internal enum AgentKind
{
    /// <summary><see cref="SimulatedAgents"/>: the real agent actor over a containerizer that starts nothing.</summary>
    AgentActors,

    /// <summary><see cref="ProtocolAgents"/>: the agent's side of the protocol only, one socket each.</summary>
    Protocol,
}
