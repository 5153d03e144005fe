using Mesos.Host.Marathon.Apps;
using Mesos.Host.Marathon.Groups;

namespace Mesos.Host.Marathon.State;

public sealed partial class MarathonState
{
    /// <summary>Every group there is: those created through /v2/groups and those app ids imply, root excluded.</summary>
    public IEnumerable<string> GroupIds => Groups.Keys.Concat(Apps.Keys.SelectMany(PathId.Parents))
        .Where(id => id != "/").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);

    /// <summary>
    /// Creates (POST /v2/groups) or changes (PUT) a group and everything under it in one deployment: apps named are
    /// created or replaced by their whole definitions, the apps and subgroups a given list leaves out are removed,
    /// dependencies replace the group's, and scaleBy multiplies the instances of every app in it.
    /// </summary>
    /// <exception cref="ConflictException">Creating a group that exists, or a group where an app is.</exception>
    /// <exception cref="AppInvalidException">The same app twice, or apps that would depend on each other in a circle.</exception>
    /// <exception cref="AppLockedException">A deployment holds one of the apps and <paramref name="force"/> is false.</exception>
    public IReadOnlyList<MarathonEvent> ChangeGroup(GroupUpdate update, bool create, DateTimeOffset now, bool force)
    {
        if (create && update.Id != "/" && GroupIds.Contains(update.Id)) throw new ConflictException($"Group {update.Id} is already created. Use PUT to change this group.");
        var put = new Dictionary<string, AppDefinition>(StringComparer.Ordinal);
        var remove = new HashSet<string>(StringComparer.Ordinal);
        var save = new List<GroupEntry>();
        var drop = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in update.Tree)
        {
            if (Apps.ContainsKey(group.Id)) throw new ConflictException($"An app with id [{group.Id}] already exists, so it cannot be a group.");
            if (group.Id != "/") save.Add(new GroupEntry(group.Id, group.Dependencies ?? Groups.GetValueOrDefault(group.Id)?.Dependencies ?? [], now));
            foreach (var app in group.Apps ?? [])
            {
                if (!put.TryAdd(app.Id, app)) throw new AppInvalidException([new ValidationDetail("/", [$"The app {app.Id} is given twice"])]);
            }
            if (group.Apps is { } apps)
            {
                remove.UnionWith(Apps.Keys.Where(id => PathId.Parent(id) == group.Id && !apps.Any(a => a.Id == id)));
            }
            if (group.Groups is { } subgroups)
            {
                var gone = GroupIds.Where(id => PathId.Parent(id) == group.Id && !subgroups.Any(g => g.Id == id)).ToList();
                remove.UnionWith(Apps.Keys.Where(id => gone.Any(g => PathId.IsWithin(id, g))));
                drop.UnionWith(Groups.Keys.Where(id => gone.Any(g => PathId.IsWithin(id, g))));
            }
        }
        if (update.ScaleBy is { } factor)
        {
            var scaled = Apps.Values.Select(a => a.Definition).Where(a => PathId.IsWithin(a.Id, update.Id) && !remove.Contains(a.Id) && !put.ContainsKey(a.Id));
            foreach (var app in scaled.ToList()) put[app.Id] = app with { Instances = Math.Min(AppValidator.MaxInstances, (int)Math.Ceiling(app.Instances * factor - 1e-9)) };
        }
        foreach (var app in put.Values.Where(a => !Apps.ContainsKey(a.Id)))
        {
            if (GroupIds.Contains(app.Id) || save.Any(g => g.Id == app.Id)) throw new ConflictException($"A group with id [{app.Id}] already exists.");
        }
        return Deploy([.. put.Values], [.. remove], save, [.. drop], now, force);
    }

    /// <summary>Removes a group (DELETE /v2/groups/{id}): every app in it stops, and the groups in it go.</summary>
    /// <exception cref="UnknownException">There is no such group.</exception>
    public IReadOnlyList<MarathonEvent> RemoveGroup(string groupId, DateTimeOffset now, bool force)
    {
        if (groupId != "/" && !GroupIds.Contains(groupId)) throw new UnknownException($"Group '{groupId}' does not exist");
        var apps = Apps.Keys.Where(id => PathId.IsWithin(id, groupId)).ToList();
        var groups = Groups.Keys.Where(id => PathId.IsWithin(id, groupId)).ToList();
        return Deploy([], apps, [], groups, now, force);
    }

    /// <summary>
    /// The deployment steps of the apps a change starts or changes: each app one step after the last of those it
    /// depends on; the apps as they would be after the change must not depend on each other in a circle.
    /// </summary>
    /// <exception cref="AppInvalidException">They would.</exception>
    private IReadOnlyDictionary<string, int> Steps(IReadOnlyList<AppDefinition> put, IReadOnlyCollection<string> remove, IReadOnlyList<GroupEntry> save, IReadOnlyList<string> drop)
    {
        // Without a single dependency anywhere, there is nothing to follow.
        if (put.All(a => a.Dependencies.IsEmpty) && save.All(g => g.Dependencies.IsEmpty)
            && Apps.Values.All(a => a.Definition.Dependencies.IsEmpty) && Groups.Values.All(g => g.Dependencies.IsEmpty))
        {
            return new Dictionary<string, int>();
        }
        var changed = put.Select(a => a.Id).Concat(remove).ToHashSet(StringComparer.Ordinal);
        var apps = Apps.Values.Select(a => a.Definition).Where(a => !changed.Contains(a.Id)).Concat(put);
        var groups = Groups.RemoveRange(drop).SetItems(save.Select(g => KeyValuePair.Create(g.Id, g)));
        var graph = DependencyGraph.Of(apps, groups);
        if (graph.HasCycle()) throw new AppInvalidException([new ValidationDetail("/", ["Dependency graph has cyclic dependencies."])]);
        return graph.Levels([.. put.Select(a => a.Id)]);
    }
}
