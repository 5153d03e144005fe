using System.Globalization;
using Mesos.Actors.Protocol;

namespace Mesos.Actors.Agent;

/// <summary>
/// The agent's resources as Mesos computes them: what --resources names, and for every standard
/// resource it does not name, what the machine has less a reserve for the system.
/// </summary>
internal static class ResourceDetection
{
    private const long Megabyte = 1024 * 1024;
    private const long Gigabyte = 1024 * Megabyte;

    public const string DefaultPorts = "[31000-32000]";

    /// <exception cref="FormatException">--resources is malformed.</exception>
    public static Resources Resolve(string flag, MachineFacts machine)
    {
        var explicitResources = string.IsNullOrWhiteSpace(flag) ? Resources.Empty : Resources.Parse(flag);
        var named = explicitResources.Names.ToHashSet(StringComparer.Ordinal);
        var detected = Detected(machine).Filter(r => !named.Contains(r.Name));
        return explicitResources + detected;
    }

    public static Resources Detected(MachineFacts machine)
    {
        // Mesos leaves 1 GB of memory and 5 GB of disk to the system, or half of a small machine.
        var memory = machine.MemoryBytes >= 2 * Gigabyte ? machine.MemoryBytes - Gigabyte : machine.MemoryBytes / 2;
        var disk = machine.DiskBytes >= 10 * Gigabyte ? machine.DiskBytes - 5 * Gigabyte : machine.DiskBytes / 2;
        var text = string.Create(CultureInfo.InvariantCulture,
            $"cpus:{machine.Cpus};mem:{memory / Megabyte};disk:{disk / Megabyte};ports:{DefaultPorts}");
        return Resources.Parse(text);
    }
}
