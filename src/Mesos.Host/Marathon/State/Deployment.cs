using System.Collections.Immutable;
using Mesos.Host.Marathon.Apps;

namespace Mesos.Host.Marathon.State;

/// <summary>
/// A change under way: what it does to each app it affects, and each app as it was before (null for one it
/// created), which a rollback restores; when it has a <paramref name="Deadline"/>, it is rolled back if it has
/// not finished by then.
/// </summary>
public sealed record Deployment(
    string Id,
    DateTimeOffset Version,
    ImmutableArray<DeploymentAction> Actions,
    ImmutableSortedDictionary<string, AppDefinition?> Previous,
    DateTimeOffset? Deadline = null)
{
    public IEnumerable<string> AffectedApps => Actions.Select(a => a.AppId);
}

/// <summary>
/// StartApplication, ScaleApplication, RestartApplication or StopApplication, as Marathon names them, in the deployment's
/// <paramref name="Step"/> (1, then one more for each level of apps it depends on).
/// </summary>
public sealed record DeploymentAction(string Action, string AppId, int Step = 1)
{
    public const string Start = "StartApplication";
    public const string Scale = "ScaleApplication";
    public const string Restart = "RestartApplication";
    public const string Stop = "StopApplication";
}
