using Akka.Actor;
using System.Collections;
using CommandInfo = Mesos.V1.CommandInfo;

namespace Mesos.Actors.Containerizer;

/// <summary>
/// Runs each container as a plain process tree in its own session: no resource isolation, but the
/// whole tree is signalled at once, and whatever is left of it is killed when its first process ends.
/// With <paramref name="switchUser"/>, a container runs as the user its launch names (its sandbox and
/// output owned by that user), as Mesos' <c>--switch_user</c> has it.
/// </summary>
internal sealed class PosixContainerizer(IScheduler scheduler, bool switchUser = false) : IContainerizer
{
    public Task<IContainer> LaunchAsync(ContainerLaunch launch, CancellationToken cancellationToken = default)
    {
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            var environment = InheritedEnvironment();
            foreach (var (name, value) in launch.Environment) environment[name] = value;
            var (executable, argv) = Program(launch.Command);
            var user = RunAs(launch.User);
            if (user is not null) (executable, argv) = AsUser(user, executable, argv);
            // Opened again right before the process starts in it: what the agent made may have been replaced by a link since.
            using var sandbox = SandboxDirectory.Open(launch.WorkDirectory, launch.SandboxDirectory, create: false);
            var pid = PosixProcess.Spawn(executable, argv, environment, sandbox, user);
            return Task.FromResult<IContainer>(new PosixContainer(launch.ContainerId, pid, scheduler));
        }
        catch (Exception e)
        {
            return Task.FromException<IContainer>(e);
        }
    }

    private static (string Executable, List<string> Argv) Program(CommandInfo command)
    {
        if (!command.HasValue || command.Value.Length == 0) throw new ArgumentException("The command has no value to run");
        if (command.Shell) return ("/bin/sh", ["/bin/sh", "-c", command.Value]);
        // Without a shell, `arguments` is the whole argv, its first element included, as in Mesos.
        return (command.Value, command.Arguments.Count > 0 ? [.. command.Arguments] : [command.Value]);
    }

    /// <summary>The user to switch to, or null when the container runs as the agent's own user.</summary>
    private PosixUser? RunAs(string name)
    {
        if (!switchUser || name.Length == 0) return null;
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

    private sealed class PosixContainer : IContainer
    {
        private readonly IScheduler _scheduler;
        private readonly Lock _lock = new();
        private ICancelable? _escalation;

        public PosixContainer(string containerId, int pid, IScheduler scheduler)
        {
            ContainerId = containerId;
            Pid = pid;
            _scheduler = scheduler;
            Exited = PosixProcess.WaitAsync(pid).ContinueWith(TearDown, CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).Unwrap();
        }

        public string ContainerId { get; }

        public int Pid { get; }

        public Task<ContainerTermination> Exited { get; }

        public void Kill(TimeSpan gracePeriod)
        {
            if (Exited.IsCompleted) return;
            if (gracePeriod <= TimeSpan.Zero)
            {
                PosixProcess.SignalGroup(Pid, Libc.SIGKILL);
                return;
            }
            PosixProcess.SignalGroup(Pid, Libc.SIGTERM);
            lock (_lock)
            {
                _escalation ??= _scheduler.Advanced.ScheduleOnceCancelable(gracePeriod, () =>
                {
                    if (!Exited.IsCompleted) PosixProcess.SignalGroup(Pid, Libc.SIGKILL);
                });
            }
        }

        // The container ends with its first process, as a Mesos container ends with its executor:
        // processes it left behind in its group go with it.
        private Task<ContainerTermination> TearDown(Task<ContainerTermination> waited)
        {
            PosixProcess.SignalGroup(Pid, Libc.SIGKILL);
            lock (_lock) _escalation?.Cancel();
            return waited;
        }
    }
}
