using System.Globalization;

namespace Mesos.Actors.Metrics;

/// <summary>
/// The <c>system/*</c> metrics masters and agents both report, as Mesos does: cores, load averages
/// and memory, read from /proc when they are asked for.
/// </summary>
public static class SystemMetrics
{
    public static Dictionary<string, double> Read()
    {
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        metrics["system/cpus_total"] = Environment.ProcessorCount;
        if (ReadLoad() is { } load)
        {
            metrics["system/load_1min"] = load[0];
            metrics["system/load_5min"] = load[1];
            metrics["system/load_15min"] = load[2];
        }
        var memory = ReadMemInfo();
        if (memory.TryGetValue("MemTotal", out var total)) metrics["system/mem_total_bytes"] = total;
        if (memory.TryGetValue("MemAvailable", out var free) || memory.TryGetValue("MemFree", out free)) metrics["system/mem_free_bytes"] = free;
        return metrics;
    }

    private static double[]? ReadLoad()
    {
        if (!File.Exists("/proc/loadavg")) return null;
        var fields = File.ReadAllText("/proc/loadavg").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length >= 3 ? [.. fields.Take(3).Select(f => double.Parse(f, CultureInfo.InvariantCulture))] : null;
    }

    // /proc/meminfo lines read "MemTotal:       16316412 kB".
    private static Dictionary<string, double> ReadMemInfo()
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        if (!File.Exists("/proc/meminfo")) return values;
        foreach (var line in File.ReadLines("/proc/meminfo"))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var fields = line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (colon > 0 && fields.Length > 0 && long.TryParse(fields[0], CultureInfo.InvariantCulture, out var amount))
            {
                values[line[..colon]] = fields.Length > 1 && fields[1] == "kB" ? amount * 1024.0 : amount;
            }
        }

        return values;
    }
}
