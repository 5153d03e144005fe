using ResourceStatistics = Mesos.V1.ResourceStatistics;

namespace Mesos.Actors.Containerizer;

/// <summary>A container found again after the agent's restart that had already ended: nothing to kill or measure.</summary>
public sealed class EndedContainer(string containerId, int pid, ContainerTermination termination) : IContainer
{
    public string ContainerId { get; } = containerId;

    public int Pid { get; } = pid;

    public string? IpAddress => null;

    public Task<ContainerTermination> Exited { get; } = Task.FromResult(termination);

    public void Kill(TimeSpan? gracePeriod)
    {
    }

    public Task<ResourceStatistics> UsageAsync(CancellationToken cancellationToken = default) => Task.FromResult(new ResourceStatistics());
}
