using System.Globalization;

namespace Mesos.Benchmarks.Allocator;

/// <summary>Prints each figure beside Mesos' figure for the same benchmark, with their ratio.</summary>
internal static class Report
{
    public const double Target = 0.10;

    public static void Line(string what, double oursMs, double? mesosMs, string detail = "")
    {
        var mesos = mesosMs is { } m ? $"{m,9:N1} ms" : $"{"—",12}";
        var ratio = mesosMs is { } r ? (oursMs / r).ToString("0.000", CultureInfo.InvariantCulture) : "  —  ";
        var verdict = mesosMs is { } v ? (oursMs / v <= Target ? "  meets 1/10" : "  MISSES 1/10") : "";
        Console.WriteLine($"{what,-58} ours {oursMs,9:N2} ms   mesos {mesos}   ours/mesos {ratio}{verdict}{(detail.Length > 0 ? "   " + detail : "")}");
    }

    /// <summary>
    /// Times one allocation round (or a batch of events with the round they trigger). The garbage of what came before (setup, recovered offers) is collected
    /// first, so that it is not collected on this round's clock; the round's own garbage still is.
    /// </summary>
    public static double Time(Action round)
    {
        GC.Collect(1, GCCollectionMode.Forced, blocking: true);
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        round();
        return System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    /// <summary>
    /// How many times to run a scenario of <paramref name="rounds"/> rounds: a few rounds make a median
    /// that one noisy moment of a shared machine can move, so short scenarios are run again and pooled.
    /// </summary>
    public static int Repeats(int rounds) => rounds >= 20 ? 1 : Math.Min(5, (20 + rounds - 1) / rounds);

    public static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
