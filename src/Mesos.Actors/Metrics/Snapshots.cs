using Mesos.V1;

namespace Mesos.Actors.Metrics;

/// <summary>What the master's and the agent's metric snapshots share.</summary>
public static class Snapshots
{
    /// <summary><c>{prefix}/{name}_total</c>, <c>_used</c> and <c>_percent</c> (a fraction, 0 when there is none).</summary>
    public static void AddUsage(IDictionary<string, double> metrics, string prefix, string name, double total, double used)
    {
        metrics[$"{prefix}/{name}_total"] = total;
        metrics[$"{prefix}/{name}_used"] = used;
        metrics[$"{prefix}/{name}_percent"] = total > 0 ? used / total : 0;
    }

    /// <summary>As GET_METRICS carries them.</summary>
    public static IEnumerable<Metric> ToProtos(IReadOnlyDictionary<string, double> metrics) =>
        metrics.Select(pair => new Metric { Name = pair.Key, Value = pair.Value });
}
