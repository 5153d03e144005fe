namespace Mesos.Actors.Metrics;

/// <summary>
/// A duration measured again and again, reported as libprocess reports its timers: the name (with its
/// unit, <c>_ms</c>) holds the latest value, and once two values are in the window, <c>/count</c>,
/// <c>/min</c>, <c>/max</c> and the percentiles <c>/p50</c> to <c>/p9999</c> (interpolated between the
/// nearest values, as Mesos does) describe the values of the last hour, at most the latest
/// <see cref="Capacity"/> of them.
/// </summary>
public sealed class TimerMetric(string name)
{
    public const int Capacity = 1000;

    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    private static readonly (string Suffix, double Fraction)[] Percentiles =
        [("p50", 0.5), ("p90", 0.9), ("p95", 0.95), ("p99", 0.99), ("p999", 0.999), ("p9999", 0.9999)];

    private readonly Queue<(DateTimeOffset At, double Milliseconds)> _values = new();

    public string Name { get; } = name + "_ms";

    public void Record(TimeSpan duration, DateTimeOffset now)
    {
        _values.Enqueue((now, duration.TotalMilliseconds));
        if (_values.Count > Capacity) _values.Dequeue();
        while (_values.Peek().At < now - Window) _values.Dequeue();
    }

    /// <summary>Nothing until the first value.</summary>
    public void AddTo(IDictionary<string, double> metrics, DateTimeOffset now)
    {
        var values = _values.Where(v => v.At >= now - Window).Select(v => v.Milliseconds).ToArray();
        if (_values.Count == 0) return;
        metrics[Name] = _values.Last().Milliseconds;
        if (values.Length < 2) return;

        Array.Sort(values);
        metrics[Name + "/count"] = values.Length;
        metrics[Name + "/min"] = values[0];
        metrics[Name + "/max"] = values[^1];
        foreach (var (suffix, fraction) in Percentiles) metrics[$"{Name}/{suffix}"] = Percentile(values, fraction);
    }

    private static double Percentile(double[] sorted, double fraction)
    {
        var position = fraction * (sorted.Length - 1);
        var index = (int)Math.Floor(position);
        return index + 1 >= sorted.Length ? sorted[^1] : sorted[index] + (sorted[index + 1] - sorted[index]) * (position - index);
    }
}
