using Akka.Actor;
using System.Collections;
using Mesos.Actors.Containerizer.Cgroups;
using ContainerInfo = Mesos.V1.ContainerInfo;

namespace Mesos.Actors.Containerizer;

/// <summary>
/// Mesos' own containerizer: each container is a process tree in its own session, run on the host's
/// filesystem with its sandbox as working directory (posix isolation). With cgroups isolators it also
/// gets a cgroup of its own, entered before its command runs, limited as its resources say, emptied
/// and removed when it ends; with namespaces/pid, a pid namespace (util-linux' unshare makes it). With
/// <see cref="ContainerizerSettings.SwitchUser"/>, a container runs as the user its launch names (its
/// sandbox and output given to that user), as Mesos' <c>--switch_user</c> has it.
/// </summary>
internal sealed class MesosContainerizer : IContainerizer
{
    /// <summary>The command executor's grace between SIGTERM and SIGKILL when no kill policy says otherwise.</summary>
    public static readonly TimeSpan DefaultGracePeriod = TimeSpan.FromSeconds(3);

    // Run by /bin/sh before the command: writing 0 into cgroup.procs moves the writer itself, so the
    // command and all it forks start inside the container's cgroups.
    private const string JoinCgroups = "while [ \"$1\" != -- ]; do echo 0 > \"$1\" || exit 125; shift; done; shift; exec \"$@\"";

    private readonly IScheduler _scheduler;
    private readonly ContainerizerSettings _settings;
    private readonly CgroupHierarchy? _cgroups;

    /// <summary>Posix isolation: process trees in their own sessions, as the agent's own user.</summary>
    public MesosContainerizer(IScheduler scheduler) : this(scheduler, new ContainerizerSettings { SwitchUser = false }, null)
    {
    }

    /// <param name="cgroups">Where containers' cgroups go; null without cgroups isolators.</param>
    public MesosContainerizer(IScheduler scheduler, ContainerizerSettings settings, CgroupHierarchy? cgroups)
    {
        _scheduler = scheduler;
        _settings = settings;
        _cgroups = cgroups;
    }

    public string Name => ContainerizerNames.Mesos;

    public bool Supports(ContainerInfo? container) => container is null || container.Type == ContainerInfo.Types.Type.Mesos;

    public Task<IContainer> LaunchAsync(ContainerLaunch launch, CancellationToken cancellationToken = default)
    {
        ContainerCgroup? cgroup = null;
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (launch.Container?.Mesos?.Image is not null) throw new NotSupportedException("The mesos containerizer runs commands on the host's filesystem: container images need the docker containerizer");
            var environment = InheritedEnvironment();
            foreach (var (name, value) in launch.Environment) environment[name] = value;
            var program = CommandLine.Of(launch.Command);
            var (executable, argv) = (program.Executable, program.Argv.ToList());
            // Innermost: joining cgroups and making a pid namespace need the agent's privileges.
            var user = RunAs(launch.User);
            if (user is not null) (executable, argv) = AsUser(user, executable, argv);
            if (_settings.Isolation.PidNamespace)
            {
                // The command becomes pid 1 of a new pid namespace, with its own /proc; it dies with unshare.
                (executable, argv) = ("unshare", ["unshare", "--pid", "--fork", "--mount-proc", "--kill-child", "--", executable, .. argv.Skip(1)]);
            }
            // Outside the cgroup's join, so that the recorder is the container's first process and joins it too.
            if (launch.ExitStatusFile is { } exitStatusFile) (executable, argv) = ExitRecord.Wrap(exitStatusFile, executable, argv);
            var limits = CgroupLimits.For(launch.Resources, _settings);
            if (_cgroups is not null)
            {
                cgroup = _cgroups.Create(launch.ContainerId, limits);
                (executable, argv) = ("/bin/sh", ["/bin/sh", "-c", JoinCgroups, "mesos-containerizer", .. cgroup.ProcsFiles, "--", executable, .. argv.Skip(1)]);
            }
            // Opened again right before the process starts in it: what the agent made may have been replaced by a link since.
            using var sandbox = SandboxDirectory.Open(launch.WorkDirectory, launch.SandboxDirectory, create: false);
            var pid = PosixProcess.Spawn(executable, argv, environment, sandbox, user, newSession: launch.ExitStatusFile is null);
            return Task.FromResult<IContainer>(new MesosContainer(launch.ContainerId, pid, PosixProcess.WaitAsync(pid), cgroup, limits, _settings.Isolation, _scheduler));
        }
        catch (Exception e)
        {
            if (cgroup is not null)
            {
                return cgroup.DestroyAsync().ContinueWith(_ => Task.FromException<IContainer>(e), CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).Unwrap();
            }
            return Task.FromException<IContainer>(e);
        }
    }

    /// <summary>
    /// A container of an earlier run of the agent: its process, if it still runs, is watched (it is no child of
    /// this process) and killed as any; its cgroup is taken over. One that ended meanwhile is returned ended, with
    /// what its exit recorder wrote, and its cgroup removed.
    /// </summary>
    public async Task<IContainer> RecoverAsync(ContainerRecovery recovery, CancellationToken cancellationToken = default)
    {
        var limits = CgroupLimits.For(recovery.Resources, _settings);
        var cgroup = _cgroups?.Create(recovery.ContainerId, limits);
        if (!recovery.Process.IsRunning())
        {
            if (cgroup is not null) await cgroup.DestroyAsync();
            return new EndedContainer(recovery.ContainerId, recovery.Process.Pid,
                recovery.ExitStatusFile is { } file ? ExitRecord.Read(file) : ContainerTermination.Unknown);
        }
        return new MesosContainer(recovery.ContainerId, recovery.Process.Pid, PosixProcess.WaitForeignAsync(recovery.Process, recovery.ExitStatusFile),
            cgroup, limits, _settings.Isolation, _scheduler);
    }

    /// <summary>None: the agent finds this containerizer's containers through their runtime entries, and kills those it does not recover.</summary>
    public Task<IReadOnlyList<string>> KillOrphansAsync(string agentId, IReadOnlySet<string> recovered, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>([]);

    /// <summary>The user to switch to, or null when the container runs as the agent's own user.</summary>
    private PosixUser? RunAs(string name)
    {
        if (!_settings.SwitchUser || name.Length == 0) return null;
        var user = PosixUser.Find(name);
        return user.Uid == Libc.geteuid() ? null : user;
    }

    /// <summary>
    /// The program behind setpriv, which takes the user's ids and groups and then executes it. The program
    /// is named by its path, so a custom argv[0] of a command without a shell is not kept.
    /// </summary>
    private static (string Executable, List<string> Argv) AsUser(PosixUser user, string executable, List<string> argv) =>
        ("setpriv", ["setpriv", $"--reuid={user.Uid}", $"--regid={user.Gid}", "--init-groups", "--", executable, .. argv.Skip(1)]);

    private static Dictionary<string, string> InheritedEnvironment()
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            environment[(string)entry.Key] = (string?)entry.Value ?? "";
        }
        return environment;
    }
}
