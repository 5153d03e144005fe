using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using Akka.Actor;
using Akka.Configuration;
using Mesos.Actors.Framework;
using Mesos.Actors.Settings;
using Mesos.Benchmarks.Launch;
using Mesos.V1;

namespace Mesos.Benchmarks.Simulation;

/// <summary>
/// A real master with many simulated agents in this process: how long the agents take to register, how long
/// a framework takes to start a task on each slot of the cluster, and how long the master takes to answer
/// its state endpoints at that size.
/// </summary>
/// <remarks>Arguments: <c>--agents=N</c> (1000), <c>--tasks=N</c> (10 per agent); the rest go to the master.</remarks>
internal static class ScaleSuite
{
    private const string AgentResources = "cpus:16;mem:65536;disk:65536;ports:[31000-32000]";
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(10);

    public static int Run(string[] args)
    {
        var agents = IntArgument(args, "--agents", 1000);
        var tasks = IntArgument(args, "--tasks", agents * 10);
        var masterFlags = args.Where(a => !a.StartsWith("--agents=", StringComparison.Ordinal) && !a.StartsWith("--tasks=", StringComparison.Ordinal)).ToList();
        // Every simulated agent holds an event stream and opens connections for its calls as they come (a
        // burst of status updates opens several), and so does the master for it.
        RaiseOpenFileLimit(1_000_000);

        using var cluster = new LocalCluster(null, masterFlags);
        var master = $"127.0.0.1:{cluster.MasterPort}";
        using var http = new HttpClient { BaseAddress = new Uri($"http://{master}"), Timeout = TimeSpan.FromMinutes(2) };
        var work = Directory.CreateTempSubdirectory("mesos-scale-").FullName;
        try
        {
            var clock = Stopwatch.StartNew();
            var simulated = new SimulatedAgents([master], agents, AgentResources, work, taskRunTime: null);
            try
            {
                WaitFor(() => Metric(http, "master/slaves_active") >= agents, "every agent to register");
                Console.WriteLine($"agents: {agents} simulated agents registered in {clock.Elapsed.TotalSeconds:0.00} s");

                var running = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
                var system = ActorSystem.Create("scale-bench", ReferenceConfig.WithDefaults(ConfigurationFactory.ParseString("akka.log-dead-letters = off")));
                try
                {
                    system.ActorOf(Props.Create(() => new FillScheduler(
                        new SchedulerSettings(master, new FrameworkInfo { User = System.Environment.UserName, Name = "scale-bench" }), tasks, running)));
                    var elapsed = running.Task.WaitAsync(Deadline).GetAwaiter().GetResult();
                    Console.WriteLine($"tasks: {tasks} tasks RUNNING on {agents} agents, from the first ACCEPT, in {elapsed.TotalSeconds:0.00} s: {tasks / elapsed.TotalSeconds:0} tasks/s");

                    foreach (var path in new[] { "/master/state", "/master/state-summary", "/master/tasks?limit=100" })
                    {
                        var (median, bytes) = Time(http, path);
                        Console.WriteLine($"{path}: median {median.TotalMilliseconds:0} ms of 5, {bytes / 1024.0 / 1024.0:0.0} MiB");
                    }
                }
                finally
                {
                    system.Terminate().GetAwaiter().GetResult();
                }
            }
            finally
            {
                simulated.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
        return 0;
    }

    private static (TimeSpan Median, long Bytes) Time(HttpClient http, string path)
    {
        var times = new List<TimeSpan>();
        long bytes = 0;
        for (var i = 0; i < 5; i++)
        {
            var clock = Stopwatch.StartNew();
            bytes = http.GetByteArrayAsync(path).GetAwaiter().GetResult().LongLength;
            times.Add(clock.Elapsed);
        }
        times.Sort();
        return (times[times.Count / 2], bytes);
    }

    private static double Metric(HttpClient http, string name)
    {
        using var metrics = JsonDocument.Parse(http.GetStringAsync("/metrics/snapshot").GetAwaiter().GetResult());
        return metrics.RootElement.TryGetProperty(name, out var value) ? value.GetDouble() : 0;
    }

    private static void WaitFor(Func<bool> condition, string what)
    {
        var deadline = Stopwatch.StartNew();
        using var pause = new ManualResetEventSlim();
        while (!condition())
        {
            if (deadline.Elapsed > Deadline) throw new TimeoutException($"Gave up waiting for {what}");
            pause.Wait(TimeSpan.FromMilliseconds(100));
        }
    }

    private static int IntArgument(string[] args, string name, int fallback) =>
        args.FirstOrDefault(a => a.StartsWith(name + "=", StringComparison.Ordinal)) is { } arg ? int.Parse(arg[(name.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture) : fallback;

    private static void RaiseOpenFileLimit(int wanted)
    {
        const int RlimitNofile = 7;
        if (getrlimit(RlimitNofile, out var limit) != 0 || limit.Current >= (ulong)wanted) return;
        var raised = new RLimit { Current = (ulong)wanted, Max = Math.Max(limit.Max, (ulong)wanted) };
        if (setrlimit(RlimitNofile, ref raised) != 0)
        {
            Console.Error.WriteLine($"Could not raise the open file limit to {wanted} (it is {limit.Current}): run as root or raise it with ulimit -n");
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Current;
        public ulong Max;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int getrlimit(int resource, out RLimit limit);

    [DllImport("libc", SetLastError = true)]
    private static extern int setrlimit(int resource, ref RLimit limit);
}
