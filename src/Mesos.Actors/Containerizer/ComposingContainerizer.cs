using ContainerInfo = Mesos.V1.ContainerInfo;

namespace Mesos.Actors.Containerizer;

/// <summary>
/// The containerizers of <c>--containerizers</c>, in order of preference, as one: a launch goes to the
/// first that runs its kind of container (a DOCKER ContainerInfo to docker; none, or MESOS, to mesos).
/// </summary>
internal sealed class ComposingContainerizer(IReadOnlyList<IContainerizer> containerizers) : IContainerizer
{
    public string Name => string.Join(",", containerizers.Select(c => c.Name));

    public bool Supports(ContainerInfo? container) => containerizers.Any(c => c.Supports(container));

    public Task<IContainer> LaunchAsync(ContainerLaunch launch, CancellationToken cancellationToken = default)
    {
        if (containerizers.FirstOrDefault(c => c.Supports(launch.Container)) is { } containerizer)
        {
            return containerizer.LaunchAsync(launch, cancellationToken);
        }
        var kind = launch.Container is { } container ? $"a {container.Type.ToString().ToUpperInvariant()} container" : "a container without ContainerInfo";
        return Task.FromException<IContainer>(new NotSupportedException(
            $"No containerizer of this agent (--containerizers={Name}) can run {kind}"));
    }
}
