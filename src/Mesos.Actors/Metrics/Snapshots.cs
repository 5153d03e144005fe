using Mesos.Actors.Protocol;
using Mesos.V1;

namespace Mesos.Actors.Metrics;

/// <summary>What the master's and the agent's metric snapshots share.</summary>
public static class Snapshots
{
    private static readonly string[] ScalarResources = ["cpus", "mem", "disk", "gpus"];

    /// <summary>
    /// <c>{prefix}/{name}{kind}_total</c>, <c>_used</c> and <c>_percent</c> (a fraction, 0 when there is none)
    /// for cpus, mem, disk and gpus; <paramref name="kind"/> is <c>_revocable</c> for revocable resources.
    /// </summary>
    public static void AddUsage(IDictionary<string, double> metrics, string prefix, Resources total, Resources used, string kind = "")
    {
        foreach (var name in ScalarResources)
        {
            var (all, inUse) = (total.Scalar(name), used.Scalar(name));
            metrics[$"{prefix}/{name}{kind}_total"] = all;
            metrics[$"{prefix}/{name}{kind}_used"] = inUse;
            metrics[$"{prefix}/{name}{kind}_percent"] = all > 0 ? inUse / all : 0;
        }
    }

    /// <summary>As GET_METRICS carries them.</summary>
    public static IEnumerable<Metric> ToProtos(IReadOnlyDictionary<string, double> metrics) =>
        metrics.Select(pair => new Metric { Name = pair.Key, Value = pair.Value });
}
