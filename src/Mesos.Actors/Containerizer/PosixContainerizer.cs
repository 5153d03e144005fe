using Akka.Actor;
using System.Collections;

namespace Mesos.Actors.Containerizer;

/// <summary>
/// Runs each container as a plain process tree in its own session: no resource isolation, but the
/// whole tree is signalled at once, and whatever is left of it is killed when its first process ends.
/// </summary>
internal sealed class PosixContainerizer(IScheduler scheduler) : IContainerizer
{
    public Task<IContainer> LaunchAsync(ContainerLaunch launch, CancellationToken cancellationToken = default)
    {
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            var environment = InheritedEnvironment();
            foreach (var (name, value) in launch.Environment) environment[name] = value;
            var program = CommandLine.Of(launch.Command);
            var pid = PosixProcess.Spawn(program.Executable, program.Argv, environment, launch.SandboxDirectory,
                Path.Combine(launch.SandboxDirectory, "stdout"), Path.Combine(launch.SandboxDirectory, "stderr"));
            return Task.FromResult<IContainer>(new PosixContainer(launch.ContainerId, pid, scheduler));
        }
        catch (Exception e)
        {
            return Task.FromException<IContainer>(e);
        }
    }

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
