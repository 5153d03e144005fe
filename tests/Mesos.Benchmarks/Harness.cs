using System.Diagnostics;

namespace Mesos.Benchmarks;

/// <summary>One workload on one technology: set up once, then run repeatedly.</summary>
internal interface IWorkload : IDisposable
{
    /// <summary>Messages one run delivers, counting every hop.</summary>
    long Messages { get; }

    /// <summary>Runs once and returns when every message has been processed.</summary>
    void Run();
}

internal sealed record Measurement(double MessagesPerSecond, double BytesPerMessage);

/// <summary>Warms workloads up, times several runs of each and keeps the medians.</summary>
internal static class Harness
{
    public static Measurement[] Compare(IReadOnlyList<IWorkload> workloads, int warmups, int runs)
    {
        foreach (var workload in workloads)
        {
            for (var i = 0; i < warmups; i++) RunOnce(workload);
        }
        var samples = workloads.Select(_ => new List<Measurement>(runs)).ToArray();
        // Round-robin rather than all runs of one workload in a row: on a shared machine a noisy
        // neighbour then slows every technology alike instead of whichever ran during the spike.
        for (var run = 0; run < runs; run++)
        {
            for (var i = 0; i < workloads.Count; i++) samples[i].Add(RunOnce(workloads[i]));
        }
        return samples
            .Select(s => new Measurement(Median(s.Select(m => m.MessagesPerSecond)), Median(s.Select(m => m.BytesPerMessage))))
            .ToArray();
    }

    private static Measurement RunOnce(IWorkload workload)
    {
        // Collect up front so that one run's garbage is not collected on the next run's clock.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var start = Stopwatch.GetTimestamp();
        workload.Run();
        var elapsed = Stopwatch.GetElapsedTime(start);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        return new Measurement(workload.Messages / elapsed.TotalSeconds, (double)allocated / workload.Messages);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
