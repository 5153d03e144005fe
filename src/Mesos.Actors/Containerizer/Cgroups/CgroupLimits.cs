using System.Globalization;
using Mesos.Actors.Protocol;
using Mesos.V1;

namespace Mesos.Actors.Containerizer.Cgroups;

/// <summary>
/// What a container's cgroup is given, from its resources as Mesos' cgroups isolators compute it: cpu
/// shares (1024 a cpu, at least 2), a CFS quota of cpus × 100 ms a 100 ms period (at least 1 ms), a
/// memory limit of mem (at least 32 MB), a pids limit. Null where the isolator is off or the resource absent.
/// </summary>
internal sealed record CgroupLimits(double? Cpus, long? CpuShares, long? CfsQuotaMicros, long? MemoryBytes, long? PidsMax)
{
    public const long CfsPeriodMicros = 100_000;
    private const long MinCfsQuotaMicros = 1_000;
    private const long SharesPerCpu = 1024;
    private const long MinShares = 2;
    private const long WeightPerCpu = 100;
    private const long MinMemoryBytes = 32L * 1024 * 1024;

    public static CgroupLimits For(IEnumerable<Resource> resources, ContainerizerSettings settings)
    {
        var quantities = Resources.FromProtos(resources);
        double? cpus = quantities.Scalar("cpus") is var c and > 0 ? c : null;
        double? mem = quantities.Scalar("mem") is var m and > 0 ? m : null;
        var isolation = settings.Isolation;
        return new CgroupLimits(
            cpus,
            isolation.CgroupsCpuEnabled && cpus is { } shares ? Math.Max(MinShares, (long)(SharesPerCpu * shares)) : null,
            isolation.CgroupsCpuEnabled && settings.CgroupsEnableCfs && cpus is { } quota ? Math.Max(MinCfsQuotaMicros, (long)(CfsPeriodMicros * quota)) : null,
            isolation.CgroupsMemEnabled && mem is { } megabytes ? Math.Max(MinMemoryBytes, (long)(megabytes * 1024 * 1024)) : null,
            isolation.CgroupsPidsEnabled && settings.CgroupsMaxPids > 0 ? settings.CgroupsMaxPids : null);
    }

    /// <summary>cgroups v2's cpu.weight (1 to 10000): 100 a cpu, as Mesos' cgroups2 cpu controller gives it.</summary>
    public long? CpuWeight => CpuShares is null ? null : Math.Clamp((long)(WeightPerCpu * Cpus!.Value), 1, 10_000);

    /// <summary>cgroups v2's cpu.max: "quota period", or "max period" without a quota.</summary>
    public string CpuMax => (CfsQuotaMicros is { } quota ? quota.ToString(CultureInfo.InvariantCulture) : "max") + " " + CfsPeriodMicros.ToString(CultureInfo.InvariantCulture);
}
