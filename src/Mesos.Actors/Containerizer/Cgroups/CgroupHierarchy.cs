using Akka.Configuration;

namespace Mesos.Actors.Containerizer.Cgroups;

/// <summary>
/// Where containers' cgroups are made: the machine's cgroups v1 hierarchies or its cgroup2 file system,
/// detected at start from /proc/self/mounts below --cgroups_hierarchy, with the controllers the
/// isolators need (and, on v1, the freezer that kills rely on) checked to be there.
/// </summary>
internal sealed class CgroupHierarchy
{
    private readonly CgroupMounts _mounts;
    private readonly IReadOnlyList<string> _controllers;
    private readonly string _root;

    private CgroupHierarchy(CgroupMounts mounts, IReadOnlyList<string> controllers, string root)
    {
        _mounts = mounts;
        _controllers = controllers;
        _root = root;
    }

    public int Version => _mounts.Version;

    /// <exception cref="ConfigurationException">The machine lacks a cgroup hierarchy or a controller the isolation needs.</exception>
    public static CgroupHierarchy Open(ContainerizerSettings settings, string mounts)
    {
        var found = CgroupMounts.Parse(mounts, settings.CgroupsHierarchy);
        var isolation = settings.Isolation;
        var wanted = new List<string>();
        if (isolation.CgroupsCpuEnabled) wanted.Add(Controllers.Cpu);
        if (isolation.CgroupsMemEnabled) wanted.Add(Controllers.Memory);
        if (isolation.CgroupsPidsEnabled) wanted.Add(Controllers.Pids);
        if (found.Version == 1)
        {
            if (isolation.CgroupsCpuEnabled) wanted.Add(Controllers.Cpuacct);
            wanted.Add(Controllers.Freezer);
            foreach (var controller in wanted.Where(c => !found.V1Controllers.ContainsKey(c)))
            {
                throw new ConfigurationException($"The cgroups isolators need the '{controller}' controller, which no cgroups v1 hierarchy below {settings.CgroupsHierarchy} has");
            }
            return new CgroupHierarchy(found, wanted, settings.CgroupsRoot);
        }
        var available = (CgroupFiles.TryRead(found.V2Root!, "cgroup.controllers") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var controller in wanted.Where(c => !available.Contains(c)))
        {
            throw new ConfigurationException($"The cgroups isolators need the '{controller}' controller, which the cgroup2 hierarchy at {found.V2Root} does not offer (it offers: {string.Join(' ', available)})");
        }
        return new CgroupHierarchy(found, wanted, settings.CgroupsRoot);
    }

    /// <summary>Makes the container's cgroup, with its limits written.</summary>
    public ContainerCgroup Create(string containerId, CgroupLimits limits)
    {
        var path = _root + "/" + containerId;
        return _mounts.Version == 1
            ? new CgroupV1(_controllers.ToDictionary(c => c, c => _mounts.V1Controllers[c]), path, limits)
            : new CgroupV2(_mounts.V2Root!, path, _controllers, limits);
    }

    public override string ToString() => _mounts.Version == 1
        ? $"cgroups v1 ({string.Join(", ", _controllers.Select(c => _mounts.V1Controllers[c]))}), containers under '{_root}'"
        : $"cgroups v2 ({_mounts.V2Root}, controllers: {string.Join(" ", _controllers)}), containers under '{_root}'";
}
