using Akka.Actor;
using Mesos.Actors.Containerizer;
using Mesos.V1;
using Task = System.Threading.Tasks.Task;

namespace Mesos.Actors.Agent;

/// <summary>What the agent's running containers use, read from their containerizers, for /monitor/statistics and GET_CONTAINERS.</summary>
public sealed partial class AgentActor
{
    private void ReceiveUsageQueries() => Receive<GetContainerUsage>(_ =>
    {
        // Everything read from the runs is taken now, on the actor's thread; only the reads of usage run after.
        var reads = _runs.RunningRuns()
            .Select(run => (run.FrameworkId, run.Info, run.ContainerId, Status: run.View(_session.AgentId).Container,
                Containers: run.Containers.Where(c => !c.Exited.IsCompleted).ToList()))
            .Where(run => run.Containers.Count > 0)
            .Select(async run =>
            {
                var usages = await Task.WhenAll(run.Containers.Select(ReadUsage));
                return usages.OfType<ResourceStatistics>().ToList() is { Count: > 0 } read
                    ? new ContainerUsage(run.FrameworkId, run.Info, run.ContainerId, run.Status, UsageSum.Of(read))
                    : null;
            });
        Task.WhenAll(reads).PipeTo(Sender, Self, success: usages => new ContainerUsages([.. usages.OfType<ContainerUsage>()]));
    });

    // A container that ends while it is read is left out, as Mesos leaves out containers it cannot read.
    private static async Task<ResourceStatistics?> ReadUsage(IContainer container)
    {
        try
        {
            return await container.UsageAsync();
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}

/// <summary>Asks the agent what its running containers use; it answers <see cref="ContainerUsages"/>.</summary>
public sealed record GetContainerUsage
{
    public static GetContainerUsage Instance { get; } = new();
}

/// <summary>The usage of one executor's container (with a task group's, the sum of its tasks' containers).</summary>
public sealed record ContainerUsage(FrameworkID FrameworkId, ExecutorInfo Executor, string ContainerId, ContainerStatus? Status, ResourceStatistics Statistics);

public sealed record ContainerUsages(IReadOnlyList<ContainerUsage> Containers);
