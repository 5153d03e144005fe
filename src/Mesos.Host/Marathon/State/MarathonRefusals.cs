namespace Mesos.Host.Marathon.State;

/// <summary>A change refused because deployments under way hold its apps (409, with the deployments).</summary>
public sealed class AppLockedException(IReadOnlyList<string> deploymentIds)
    : Exception($"App is locked by one or more deployments. Override with the option '?force=true'. View details at '/v2/deployments/{deploymentIds[0]}'.")
{
    public IReadOnlyList<string> DeploymentIds { get; } = deploymentIds;
}

/// <summary>A change refused because of what already exists (409 without deployments), such as creating an app twice.</summary>
public sealed class ConflictException(string message) : Exception(message);

/// <summary>An app, task or deployment that does not exist (404).</summary>
public sealed class UnknownException(string message) : Exception(message);
