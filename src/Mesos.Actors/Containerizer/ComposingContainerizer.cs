using Mesos.Actors.Containerizer.Fetcher;
using ContainerInfo = Mesos.V1.ContainerInfo;

namespace Mesos.Actors.Containerizer;

/// <summary>
/// The containerizers of <c>--containerizers</c>, in order of preference, as one: a launch goes to the
/// first that runs its kind of container (a DOCKER ContainerInfo to docker; none, or MESOS, to mesos),
/// once the fetcher has brought the command's URIs into the sandbox, as each of Mesos' containerizers does.
/// </summary>
internal sealed class ComposingContainerizer(IReadOnlyList<IContainerizer> containerizers, UriFetcher fetcher) : IContainerizer
{
    public string Name => string.Join(",", containerizers.Select(c => c.Name));

    public bool Supports(ContainerInfo? container) => containerizers.Any(c => c.Supports(container));

    public async Task<IContainer> LaunchAsync(ContainerLaunch launch, CancellationToken cancellationToken = default)
    {
        if (containerizers.FirstOrDefault(c => c.Supports(launch.Container)) is not { } containerizer)
        {
            var kind = launch.Container is { } container ? $"a {container.Type.ToString().ToUpperInvariant()} container" : "a container without ContainerInfo";
            throw new NotSupportedException($"No containerizer of this agent (--containerizers={Name}) can run {kind}");
        }
        await fetcher.FetchAsync(launch.Command.Uris, launch.SandboxDirectory, launch.Command.HasUser ? launch.Command.User : null, cancellationToken);
        return await containerizer.LaunchAsync(launch, cancellationToken);
    }

    /// <summary>A container goes back to the containerizer that launched it, the one its ContainerInfo chose then.</summary>
    public Task<IContainer> RecoverAsync(ContainerRecovery recovery, CancellationToken cancellationToken = default) =>
        containerizers.FirstOrDefault(c => c.Supports(recovery.Container)) is { } containerizer
            ? containerizer.RecoverAsync(recovery, cancellationToken)
            : Task.FromException<IContainer>(new NotSupportedException($"No containerizer of this agent (--containerizers={Name}) runs container {recovery.ContainerId}"));

    public async Task<IReadOnlyList<string>> KillOrphansAsync(string agentId, IReadOnlySet<string> recovered, CancellationToken cancellationToken = default) =>
        [.. (await Task.WhenAll(containerizers.Select(c => c.KillOrphansAsync(agentId, recovered, cancellationToken)))).SelectMany(killed => killed)];
}
