using System.Diagnostics;
using Akka.Actor;
using Akka.Configuration;
using Mesos.Actors.Settings;
using Mesos.Actors.Framework;
using Mesos.V1;

namespace Mesos.Benchmarks.Launch;

/// <summary>
/// The end-to-end figures of a master plus one agent on loopback: tasks per second from ACCEPT to
/// TASK_FINISHED for `true` tasks, and offers per second to a framework that declines everything.
/// </summary>
internal static class LaunchSuite
{
    private const int Tasks = 500;
    private const int WarmUpRounds = 4;
    private static readonly TimeSpan DeclineWindow = TimeSpan.FromSeconds(10);

    /// <param name="args">Flags for both the master and the agent, e.g. <c>--config=FILE</c> to try an Akka setting.</param>
    public static int Run(string[] args)
    {
        using var cluster = new LocalCluster("cpus:8;mem:32768;disk:1024;ports:[31000-32000]", args);
        // Offers still in flight to the launcher when it stops are dead letters, and expected.
        var system = ActorSystem.Create("launch-bench", ReferenceConfig.WithDefaults(ConfigurationFactory.ParseString("akka.log-dead-letters = off")));
        try
        {
            var master = $"127.0.0.1:{cluster.MasterPort}";
            // The first round runs while the JIT compiles every path on the way (for some 15 s after the
            // processes start on two cores); the warm figure is taken after WarmUpRounds more.
            Launch(cluster, system, master, "launch-bench", "launch");
            for (var round = 1; round <= WarmUpRounds; round++) Launch(cluster, system, master, $"launch-bench-warm-up-{round}", null);
            Launch(cluster, system, master, "launch-bench-warm", "launch warm");

            var offers = 0;
            var clock = Stopwatch.StartNew();
            system.ActorOf(Props.Create(() => new DecliningScheduler(Settings(master, "decline-bench"), n => Interlocked.Add(ref offers, n))));
            using var window = new ManualResetEventSlim();
            window.Wait(DeclineWindow);
            var seconds = clock.Elapsed.TotalSeconds;
            Console.WriteLine($"offers: {Volatile.Read(ref offers)} offers to a framework declining everything in {seconds:0.0} s: {Volatile.Read(ref offers) / seconds:0} offers/s");
            return 0;
        }
        finally
        {
            system.Terminate().GetAwaiter().GetResult();
        }
    }

    /// <param name="label">What the figures are printed as; none for a warm-up round.</param>
    private static void Launch(LocalCluster cluster, ActorSystem system, string master, string name, string? label)
    {
        var (masterBefore, agentBefore) = cluster.Cpu();
        var selfBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var launched = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        var launcher = system.ActorOf(Props.Create(() => new LaunchScheduler(Settings(master, name), Tasks, launched)));
        var elapsed = launched.Task.WaitAsync(TimeSpan.FromMinutes(5)).GetAwaiter().GetResult();
        system.Stop(launcher);
        var (masterAfter, agentAfter) = cluster.Cpu();
        var self = Process.GetCurrentProcess().TotalProcessorTime - selfBefore;
        if (label is null) return;
        Console.WriteLine($"{label}: {Tasks} `true` tasks from ACCEPT to TASK_FINISHED in {elapsed.TotalSeconds:0.00} s: {Tasks / elapsed.TotalSeconds:0} tasks/s");
        Console.WriteLine($"{label} cpu: ms per task: master {(masterAfter - masterBefore).TotalMilliseconds / Tasks:0.00}, agent {(agentAfter - agentBefore).TotalMilliseconds / Tasks:0.00}, framework {self.TotalMilliseconds / Tasks:0.00}");
    }

    private static SchedulerSettings Settings(string master, string name) =>
        new(master, new FrameworkInfo { User = System.Environment.UserName, Name = name });
}
