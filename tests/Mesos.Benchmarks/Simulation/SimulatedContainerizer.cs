using Akka.Actor;
using Mesos.Actors.Containerizer;

namespace Mesos.Benchmarks.Simulation;

/// <summary>
/// Runs no process: a container "runs" for <paramref name="runFor"/> (forever when null) and ends with
/// status 0, or with SIGTERM when killed. The agent around it is the real one, so everything between
/// the agent and its master is what a real agent does.
/// </summary>
internal sealed class SimulatedContainerizer(IScheduler scheduler, TimeSpan? runFor) : IContainerizer
{
    private const int SigTerm = 15;
    private static int _pids = 1_000_000;

    public string Name => "mesos";

    public bool Supports(Mesos.V1.ContainerInfo? container) => true;

    public Task<IContainer> LaunchAsync(ContainerLaunch launch, CancellationToken cancellationToken = default) =>
        Task.FromResult<IContainer>(new Container(launch.ContainerId, Interlocked.Increment(ref _pids), scheduler, runFor));

    // Simulated agents are never restarted: they have nothing to find again.
    public Task<IContainer> RecoverAsync(ContainerRecovery recovery, CancellationToken cancellationToken = default) =>
        Task.FromException<IContainer>(new NotSupportedException("Simulated agents do not restart"));

    public Task<IReadOnlyList<string>> KillOrphansAsync(string agentId, IReadOnlySet<string> recovered, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>([]);

    private sealed class Container : IContainer
    {
        private readonly TaskCompletionSource<ContainerTermination> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Container(string containerId, int pid, IScheduler scheduler, TimeSpan? runFor)
        {
            ContainerId = containerId;
            Pid = pid;
            if (runFor is { } duration) scheduler.Advanced.ScheduleOnce(duration, () => _exited.TrySetResult(ContainerTermination.Exit(0)));
        }

        public string ContainerId { get; }

        public int Pid { get; }

        public string? IpAddress => null;

        public Task<ContainerTermination> Exited => _exited.Task;

        public void Kill(TimeSpan? gracePeriod) => _exited.TrySetResult(ContainerTermination.KilledBy(SigTerm));

        public Task<Mesos.V1.ResourceStatistics> UsageAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult(new Mesos.V1.ResourceStatistics());
    }
}
