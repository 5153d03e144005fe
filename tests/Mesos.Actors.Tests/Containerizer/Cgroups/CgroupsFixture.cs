using Akka.Configuration;
using Akka.Event;
using Akka.TestKit;
using Mesos.Actors.Containerizer;
using Mesos.Actors.Containerizer.Cgroups;
using Mesos.V1;

namespace Mesos.Actors.Tests.Containerizer.Cgroups;

/// <summary>
/// A Mesos containerizer on this machine's real cgroups, under a cgroups root of its own (removed on
/// dispose), with a sandbox; kill escalation runs on virtual time. The tests run as root, as Mesos' do.
/// </summary>
internal sealed class CgroupsFixture : IDisposable
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    public CgroupsFixture(string isolation, bool enableCfs = false, long maxPids = 0, string hierarchy = "/sys/fs/cgroup")
    {
        Settings = new ContainerizerSettings
        {
            Isolation = Isolation.Parse(isolation),
            CgroupsHierarchy = hierarchy,
            CgroupsRoot = "mesos-test-" + Guid.NewGuid().ToString("N")[..12],
            CgroupsEnableCfs = enableCfs,
            CgroupsMaxPids = maxPids,
        };
        Hierarchy = CgroupHierarchy.Open(Settings, File.ReadAllText("/proc/self/mounts"));
        Containerizer = new MesosContainerizer(Clock, Settings, Hierarchy);
    }

    public TestScheduler Clock { get; } = new(ConfigurationFactory.Empty, NoLogger.Instance);

    public ContainerizerSettings Settings { get; }

    public CgroupHierarchy Hierarchy { get; }

    public MesosContainerizer Containerizer { get; }

    public TemporaryDirectory Sandbox { get; } = new();

    public string SandboxFile(string name) => Path.Combine(Sandbox.Path, name);

    public Task<IContainer> Launch(string shell, string resources = "cpus:0.5;mem:64", string containerId = "c1") =>
        Containerizer.LaunchAsync(new ContainerLaunch(containerId, Sandbox.Path, Sandbox.Path, new CommandInfo { Shell = true, Value = shell },
            new Dictionary<string, string>(), [.. Mesos.Actors.Protocol.Resources.Parse(resources).ToProtos()]));

    /// <summary>The container's cgroup directories under every mounted hierarchy (v1) or the one (v2).</summary>
    public IReadOnlyList<string> CgroupDirectories(string containerId = "c1") =>
        [.. RootDirectories().Select(root => Path.Combine(root, containerId)).Where(Directory.Exists)];

    public void Dispose()
    {
        // A test that failed may leave its container running: its processes go before its cgroups.
        foreach (var root in RootDirectories().Where(Directory.Exists))
        {
            foreach (var left in Directory.GetDirectories(root))
            {
                foreach (var pid in File.ReadAllLines(Path.Combine(left, "cgroup.procs"))) Libc.kill(int.Parse(pid, System.Globalization.CultureInfo.InvariantCulture), Libc.SIGKILL);
                var deadline = DateTime.UtcNow + Deadline;
                while (File.ReadAllText(Path.Combine(left, "cgroup.procs")).Length > 0 && DateTime.UtcNow < deadline) Thread.Yield();
                Directory.Delete(left);
            }
            Directory.Delete(root);
        }
        Sandbox.Dispose();
    }

    private IEnumerable<string> RootDirectories()
    {
        var mounts = CgroupMounts.Parse(File.ReadAllText("/proc/self/mounts"), Settings.CgroupsHierarchy);
        return mounts.Version == 1
            ? mounts.V1Controllers.Values.Distinct().Select(m => Path.Combine(m, Settings.CgroupsRoot))
            : [Path.Combine(mounts.V2Root!, Settings.CgroupsRoot)];
    }
}
