using System.Diagnostics;

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
    public static int Run(string[] args)
    {
        var kills = Arguments.Int(args, "--kills", 10);
        using var masters = new MasterTrio([]);
        var times = new List<TimeSpan>();
        for (var kill = 1; kill <= kills; kill++)
        {
            masters.WaitUp();
            var leader = masters.Leader();
            var clock = Stopwatch.StartNew();
            masters.Kill(leader);
            var next = masters.Leader(except: leader);
            var elapsed = clock.Elapsed;
            times.Add(elapsed);
            Console.WriteLine($"kill {kill}: master on {masters.Ports[leader]} killed, master on {masters.Ports[next]} answered SUBSCRIBE after {elapsed.TotalSeconds:0.00} s");
            masters.Start(leader);
        }
        var sorted = times.Order().ToList();
        Console.WriteLine($"kill -9 of the leader to a new leader answering SUBSCRIBE, {kills} kills: median {sorted[sorted.Count / 2].TotalSeconds:0.00} s, " +
            $"min {sorted[0].TotalSeconds:0.00} s, max {sorted[^1].TotalSeconds:0.00} s");
        return 0;
    }
}
