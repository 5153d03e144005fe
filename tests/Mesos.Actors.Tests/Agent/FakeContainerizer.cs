using System.Collections.Concurrent;
using Mesos.Actors.Containerizer;

namespace Mesos.Actors.Tests.Agent;

/// <summary>Containers that run nothing: the test ends them, and sees the kills they were asked for.</summary>
internal sealed class FakeContainerizer : IContainerizer
{
    public ConcurrentQueue<FakeContainer> Launched { get; } = new();

    public string Name => "fake";

    public bool Supports(Mesos.V1.ContainerInfo? container) => true;

    public Task<IContainer> LaunchAsync(ContainerLaunch launch, CancellationToken cancellationToken = default)
    {
        var container = new FakeContainer(launch);
        Launched.Enqueue(container);
        return Task.FromResult<IContainer>(container);
    }

    public ConcurrentQueue<ContainerRecovery> Recovered { get; } = new();

    /// <summary>Each time the agent asked for its orphans to be killed: as which agent, and what it recovered.</summary>
    public ConcurrentQueue<(string AgentId, IReadOnlySet<string> Recovered)> OrphanSweeps { get; } = new();

    public Task<IReadOnlyList<string>> KillOrphansAsync(string agentId, IReadOnlySet<string> recovered, CancellationToken cancellationToken = default)
    {
        OrphanSweeps.Enqueue((agentId, recovered));
        return Task.FromResult<IReadOnlyList<string>>([]);
    }

    public Task<IContainer> RecoverAsync(ContainerRecovery recovery, CancellationToken cancellationToken = default)
    {
        Recovered.Enqueue(recovery);
        var container = new FakeContainer(new ContainerLaunch(recovery.ContainerId, "", "", new Mesos.V1.CommandInfo(), new Dictionary<string, string>(), recovery.Resources));
        Launched.Enqueue(container);
        return Task.FromResult<IContainer>(container);
    }
}

internal sealed class FakeContainer(ContainerLaunch launch) : IContainer
{
    // Continuations run inside Exit, on the test's thread: on the calling-thread dispatcher, the actors have taken the exit when Exit returns.
    private readonly TaskCompletionSource<ContainerTermination> _exited = new();

    public ContainerLaunch Launch { get; } = launch;

    /// <summary>Each kill's grace period; null asks for the containerizer's own.</summary>
    public ConcurrentQueue<TimeSpan?> Kills { get; } = new();

    public string ContainerId => Launch.ContainerId;

    public int Pid => 4242;

    public string? IpAddress => null;

    public Task<ContainerTermination> Exited => _exited.Task;

    public void Kill(TimeSpan? gracePeriod) => Kills.Enqueue(gracePeriod);

    public Task<Mesos.V1.ResourceStatistics> UsageAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(new Mesos.V1.ResourceStatistics { Timestamp = 1, Processes = 1, MemRssBytes = 1024, CpusLimit = 0.5 });

    public void Exit(ContainerTermination termination) => _exited.SetResult(termination);
}
