using System.Collections.Immutable;
using Mesos.Host.Marathon.Apps;

namespace Mesos.Host.Marathon.Groups;

/// <summary>
/// A group as POST or PUT /v2/groups gives it: its absolute id, and what it names of its apps (whole definitions),
/// subgroups and dependencies; a list left out (null) keeps what the group has, a list given replaces it (apps and
/// groups it leaves out are removed). <see cref="ScaleBy"/> multiplies the instances of every app in it.
/// </summary>
public sealed record GroupUpdate(string Id, ImmutableArray<AppDefinition>? Apps, ImmutableArray<GroupUpdate>? Groups, ImmutableArray<string>? Dependencies, double? ScaleBy)
{
    /// <summary>This group and every group under it, outermost first.</summary>
    public IEnumerable<GroupUpdate> Tree => Groups is { } groups ? [this, .. groups.SelectMany(g => g.Tree)] : [this];
}
