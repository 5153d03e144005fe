using System.Diagnostics;

namespace Mesos.Benchmarks.Simulation;

/// <summary>
/// A real master with many simulated agents in this process: how long the agents take to register, how long
/// a framework takes to start a task on each slot of the cluster, and how long the master takes to answer
/// its state endpoints at that size.
/// </summary>
/// <remarks>Arguments: <c>--agents=N</c> (1000), <c>--tasks=N</c> (10 per agent); the rest go to the master.</remarks>
internal static class ScaleSuite
{
    public static int Run(string[] args)
    {
        using var cluster = new ScaleCluster(args);
        foreach (var path in new[] { "/master/state", "/master/state-summary", "/master/tasks?limit=100" })
        {
            var (median, bytes) = Time(cluster.Http, path);
            Console.WriteLine($"{path}: median {median.TotalMilliseconds:0} ms of 5, {bytes / 1024.0 / 1024.0:0.0} MiB");
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
}
