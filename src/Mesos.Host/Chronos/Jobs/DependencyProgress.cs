using System.Collections.Immutable;

namespace Mesos.Host.Chronos.Jobs;

/// <summary>
/// How far each dependent job is along its chain: which of its parents have succeeded since it last
/// started. A dependent starts once every parent has succeeded, once, and its progress starts over.
/// Immutable, so that the scheduler can record each step as an event and rebuild it after a restart or a
/// failover (losing it made Chronos run, or never run, dependents after a leader change).
/// </summary>
public sealed class DependencyProgress
{
    public static readonly DependencyProgress Empty = new(ImmutableDictionary<string, ImmutableHashSet<string>>.Empty.WithComparers(StringComparer.Ordinal));

    private readonly ImmutableDictionary<string, ImmutableHashSet<string>> _succeeded;

    private DependencyProgress(ImmutableDictionary<string, ImmutableHashSet<string>> succeeded)
    {
        _succeeded = succeeded;
    }

    /// <summary>The parents of <paramref name="dependent"/> that succeeded since it last started.</summary>
    public IReadOnlySet<string> SucceededFor(string dependent) =>
        _succeeded.TryGetValue(dependent, out var parents) ? parents : ImmutableHashSet<string>.Empty;

    /// <summary>A run of <paramref name="parent"/> succeeded: the progress after it, and the dependents that start now, in name order.</summary>
    public (DependencyProgress Progress, IReadOnlyList<string> Start) ParentSucceeded(DependencyGraph graph, string parent)
    {
        var succeeded = _succeeded;
        var start = new List<string>();
        foreach (var dependent in graph.DependentsOf(parent))
        {
            var done = SucceededFor(dependent).ToImmutableHashSet(StringComparer.Ordinal).Add(parent);
            if (graph.ParentsOf(dependent).All(done.Contains))
            {
                start.Add(dependent);
                succeeded = succeeded.Remove(dependent);
            }
            else
            {
                succeeded = succeeded.SetItem(dependent, done);
            }
        }
        return (new DependencyProgress(succeeded), start);
    }

    /// <summary>A job was changed or deleted: what it had gathered toward its parents no longer counts.</summary>
    public DependencyProgress Forget(string job) => new(_succeeded.Remove(job));
}
