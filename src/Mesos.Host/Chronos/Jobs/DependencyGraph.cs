using System.Collections.Immutable;
using System.Text;

namespace Mesos.Host.Chronos.Jobs;

/// <summary>
/// Which jobs wait on which: an edge from each parent to each of its dependents. Immutable; a change that
/// would make a job wait on itself, through any chain, is refused before it is made.
/// </summary>
public sealed class DependencyGraph
{
    public static readonly DependencyGraph Empty = new(ImmutableDictionary<string, ImmutableArray<string>>.Empty.WithComparers(StringComparer.Ordinal));

    private readonly ImmutableDictionary<string, ImmutableArray<string>> _parents;

    private DependencyGraph(ImmutableDictionary<string, ImmutableArray<string>> parents)
    {
        _parents = parents;
    }

    public IEnumerable<string> Jobs => _parents.Keys;

    public bool Contains(string job) => _parents.ContainsKey(job);

    public ImmutableArray<string> ParentsOf(string job) => _parents.TryGetValue(job, out var parents) ? parents : [];

    /// <summary>The jobs that wait on <paramref name="job"/> directly, in name order.</summary>
    public IReadOnlyList<string> DependentsOf(string job) =>
        [.. _parents.Where(p => p.Value.Contains(job)).Select(p => p.Key).Order(StringComparer.Ordinal)];

    /// <summary>The job with these parents (none for a scheduled job), replacing what it had.</summary>
    /// <exception cref="JobRefusedException">A parent is unknown or the job itself, or the job would wait on itself.</exception>
    public DependencyGraph With(string job, IReadOnlyList<string> parents)
    {
        var errors = new List<string>();
        foreach (var parent in parents.Distinct(StringComparer.Ordinal))
        {
            if (parent == job) errors.Add($"Job '{job}' cannot be its own parent");
            else if (!Contains(parent)) errors.Add($"Parent '{parent}' of job '{job}' does not exist");
            else if (WaitsOn(parent, job)) errors.Add($"Job '{job}' cannot depend on '{parent}', which depends on it");
        }
        if (parents.Count != parents.Distinct(StringComparer.Ordinal).Count()) errors.Add($"Job '{job}' names a parent twice");
        if (errors.Count > 0) throw new JobRefusedException(errors);
        return new DependencyGraph(_parents.SetItem(job, [.. parents]));
    }

    /// <exception cref="JobRefusedException">Other jobs depend on it: they would wait for a job that never runs again.</exception>
    public DependencyGraph Without(string job)
    {
        if (DependentsOf(job) is { Count: > 0 } dependents)
        {
            throw new JobRefusedException([$"Job '{job}' has dependent jobs ({string.Join(", ", dependents)}): delete or change them first"]);
        }
        return new DependencyGraph(_parents.Remove(job));
    }

    /// <summary>The graph in Graphviz' dot language, as Chronos' /v1/scheduler/graph/dot answers.</summary>
    public string ToDot()
    {
        var dot = new StringBuilder("digraph G {\n");
        foreach (var (job, parents) in _parents.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            // Job names are letters, digits, '_', '.' and '-': nothing to escape.
            if (parents.IsEmpty) dot.Append("  \"").Append(job).Append("\";\n");
            foreach (var parent in parents) dot.Append("  \"").Append(parent).Append("\" -> \"").Append(job).Append("\";\n");
        }
        return dot.Append("}\n").ToString();
    }

    /// <summary>One line per edge, <c>parent,child</c>, as Chronos' /v1/scheduler/graph/csv answers (its <c>node</c> and <c>link</c> rows).</summary>
    public string ToCsv()
    {
        var csv = new StringBuilder();
        foreach (var job in _parents.Keys.Order(StringComparer.Ordinal)) csv.Append("node,").Append(job).Append('\n');
        foreach (var (job, parents) in _parents.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            foreach (var parent in parents) csv.Append("link,").Append(parent).Append(',').Append(job).Append('\n');
        }
        return csv.ToString();
    }

    // Whether `job` reaches `ancestor` by following parents.
    private bool WaitsOn(string job, string ancestor)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([job]);
        while (pending.TryPop(out var current))
        {
            if (current == ancestor) return true;
            if (!seen.Add(current)) continue;
            foreach (var parent in ParentsOf(current)) pending.Push(parent);
        }
        return false;
    }
}
