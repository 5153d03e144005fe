using System.Collections.Immutable;
using Mesos.Host.Chronos.Jobs;
using NodaTime;

namespace Mesos.Host.Chronos.Runs;

/// <summary>
/// What the scheduler keeps itself, without actors or I/O: which jobs exist and which parents each waits on (each
/// job's own state is its entity's), and the framework id the master gave. A job is listed before its entity saves
/// it and unlisted after its entity deleted it, so that a job is never running while no one lists it.
/// </summary>
public sealed record JobCatalog
{
    public static readonly JobCatalog Empty = new();

    public DependencyGraph Graph { get; private init; } = DependencyGraph.Empty;

    public string? FrameworkId { get; private init; }

    /// <summary>The listed jobs, in name order.</summary>
    public IReadOnlyList<string> Jobs => [.. Graph.Jobs.Order(StringComparer.Ordinal)];

    public bool Contains(string job) => Graph.Contains(job);

    /// <summary>Lists a job to be saved: checked on its own and against the jobs it names as parents.</summary>
    /// <exception cref="JobRefusedException">Every reason the job cannot be saved.</exception>
    public IReadOnlyList<ChronosEvent> List(JobDefinition job, JobValidator.Kind kind, Instant now)
    {
        JobValidator.Validate(job, kind, now);
        Graph.With(job.Name, job.Parents);
        return [new JobListed(job.Name, [.. job.Parents])];
    }

    /// <summary>Checks that a job may be deleted; it is unlisted (<see cref="Unlisted"/>) once its entity deleted it.</summary>
    /// <exception cref="JobRefusedException">Other jobs depend on it.</exception>
    /// <exception cref="KeyNotFoundException">No such job.</exception>
    public void CheckDelete(string name)
    {
        if (!Contains(name)) throw new KeyNotFoundException($"Job '{name}' does not exist");
        Graph.Without(name);
    }

    /// <summary>A job whose entity has it no more: unlisted, unless other jobs still name it as a parent.</summary>
    public IReadOnlyList<ChronosEvent> Unlisted(string name) =>
        Contains(name) && Graph.DependentsOf(name).Count == 0 ? [new JobUnlisted(name)] : [];

    public JobCatalog Apply(ChronosEvent e) => e switch
    {
        JobListed listed => this with { Graph = Graph.With(listed.Name, listed.Parents) },
        JobUnlisted unlisted => this with { Graph = Graph.Without(unlisted.Name) },
        FrameworkRegistered registered => this with { FrameworkId = registered.FrameworkId },
        _ => throw new ArgumentOutOfRangeException(nameof(e), e, "Not an event of the job catalog"),
    };
}
