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
            var launched = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
            var launcher = system.ActorOf(Props.Create(() => new LaunchScheduler(Settings(master, "launch-bench"), Tasks, launched)));
            var elapsed = launched.Task.WaitAsync(TimeSpan.FromMinutes(5)).GetAwaiter().GetResult();
            system.Stop(launcher);
            Console.WriteLine($"launch: {Tasks} `true` tasks from ACCEPT to TASK_FINISHED in {elapsed.TotalSeconds:0.00} s: {Tasks / elapsed.TotalSeconds:0} tasks/s");

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

    private static SchedulerSettings Settings(string master, string name) =>
        new(master, new FrameworkInfo { User = System.Environment.UserName, Name = name });
}
