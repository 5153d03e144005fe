using Akka.Configuration;

namespace Mesos.Actors.Containerizer;

/// <summary>
/// The isolators of the Mesos containerizer (<c>--isolation</c>), by Mesos' names. <c>posix/*</c> and
/// <c>filesystem/posix</c> run a container as a process tree in its own session (usage read from /proc);
/// any <c>cgroups/*</c> puts each container in its own cgroup, and the named ones limit it;
/// <c>namespaces/pid</c> gives it its own pid namespace.
/// </summary>
public sealed record Isolation(IReadOnlySet<string> Isolators)
{
    public const string PosixCpu = "posix/cpu";
    public const string PosixMem = "posix/mem";
    public const string CgroupsCpu = "cgroups/cpu";
    public const string CgroupsMem = "cgroups/mem";
    public const string CgroupsPids = "cgroups/pids";
    public const string NamespacesPid = "namespaces/pid";
    public const string FilesystemPosix = "filesystem/posix";

    public static IReadOnlyList<string> Known { get; } =
        [PosixCpu, PosixMem, CgroupsCpu, CgroupsMem, CgroupsPids, NamespacesPid, FilesystemPosix];

    public static Isolation Default { get; } = Parse("posix/cpu,posix/mem");

    public bool CgroupsCpuEnabled => Isolators.Contains(CgroupsCpu);
    public bool CgroupsMemEnabled => Isolators.Contains(CgroupsMem);
    public bool CgroupsPidsEnabled => Isolators.Contains(CgroupsPids);
    public bool PidNamespace => Isolators.Contains(NamespacesPid);

    /// <summary>Containers get a cgroup of their own: any cgroups isolator asks for one.</summary>
    public bool UsesCgroups => CgroupsCpuEnabled || CgroupsMemEnabled || CgroupsPidsEnabled;

    /// <exception cref="ConfigurationException">An isolator is not one of <see cref="Known"/>.</exception>
    public static Isolation Parse(string text)
    {
        var names = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var name in names.Where(n => !Known.Contains(n)))
        {
            throw new ConfigurationException($"Unknown or unsupported isolator '{name}' in --isolation: the isolators are {string.Join(", ", Known)}");
        }
        return new Isolation(new HashSet<string>(names, StringComparer.Ordinal));
    }

    public override string ToString() => string.Join(",", Known.Where(Isolators.Contains));
}
