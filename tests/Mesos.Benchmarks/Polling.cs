using System.Diagnostics;
using System.Text.Json;

namespace Mesos.Benchmarks;

/// <summary>Waiting on real processes: a condition checked every <c>interval</c> until it holds or the deadline passes.</summary>
internal static class Polling
{
    public static void Until(Func<bool> condition, string what, TimeSpan deadline, TimeSpan interval)
    {
        var clock = Stopwatch.StartNew();
        using var pause = new ManualResetEventSlim();
        while (!condition())
        {
            if (clock.Elapsed > deadline) throw new TimeoutException($"Gave up waiting for {what}");
            pause.Wait(interval);
        }
    }

    /// <summary>One value of a master's /metrics/snapshot (0 when it has none yet).</summary>
    public static double MasterMetric(HttpClient master, string name)
    {
        using var metrics = JsonDocument.Parse(master.GetStringAsync("/metrics/snapshot").GetAwaiter().GetResult());
        return metrics.RootElement.TryGetProperty(name, out var value) ? value.GetDouble() : 0;
    }
}
