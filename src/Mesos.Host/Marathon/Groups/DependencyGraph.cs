using Mesos.Host.Marathon.Apps;
using Mesos.Host.Marathon.State;

namespace Mesos.Host.Marathon.Groups;

/// <summary>
/// Which apps each app depends on: its own dependencies and those of every group that holds it, each an app or a
/// group (every app in it), as Marathon orders deployments by them. Finds cycles, and each app's level (1 for
/// an app that depends on none of the apps asked about, then one more than the highest it depends on).
/// </summary>
public sealed class DependencyGraph
{
    private readonly Dictionary<string, IReadOnlyList<string>> _dependencies;

    private DependencyGraph(Dictionary<string, IReadOnlyList<string>> dependencies) => _dependencies = dependencies;

    public static DependencyGraph Of(IEnumerable<AppDefinition> apps, IReadOnlyDictionary<string, GroupEntry> groups)
    {
        var all = apps.ToList();
        var dependencies = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var app in all)
        {
            var paths = app.Dependencies.Concat(PathId.Parents(app.Id).SelectMany(g => groups.TryGetValue(g, out var group) ? group.Dependencies : []))
                .Where(path => !PathId.IsWithin(app.Id, path))
                .Distinct(StringComparer.Ordinal)
                .ToList();
            dependencies[app.Id] = paths.Count == 0 ? []
                : [.. all.Where(other => other.Id != app.Id && paths.Any(path => PathId.IsWithin(other.Id, path))).Select(other => other.Id)];
        }
        return new DependencyGraph(dependencies);
    }

    /// <summary>The apps <paramref name="appId"/> depends on.</summary>
    public IReadOnlyList<string> Of(string appId) => _dependencies.GetValueOrDefault(appId) ?? [];

    /// <summary>Whether some apps depend on each other in a circle.</summary>
    public bool HasCycle()
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        var path = new HashSet<string>(StringComparer.Ordinal);
        bool Visit(string app)
        {
            if (done.Contains(app)) return false;
            if (!path.Add(app)) return true;
            if (Of(app).Any(Visit)) return true;
            path.Remove(app);
            done.Add(app);
            return false;
        }
        return _dependencies.Keys.Any(Visit);
    }

    /// <summary>Each app's level among <paramref name="apps"/>, counting only dependencies among them (the graph has no cycle).</summary>
    public IReadOnlyDictionary<string, int> Levels(IReadOnlyCollection<string> apps)
    {
        var levels = new Dictionary<string, int>(StringComparer.Ordinal);
        int Level(string app) => levels.TryGetValue(app, out var known) ? known
            : levels[app] = 1 + Of(app).Where(apps.Contains).Select(Level).DefaultIfEmpty(0).Max();
        foreach (var app in apps) Level(app);
        return levels;
    }
}
