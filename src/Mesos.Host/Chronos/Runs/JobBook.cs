using System.Collections.Immutable;
using System.Globalization;
using Mesos.Host.Chronos.Jobs;
using Mesos.Host.Chronos.Schedules;
using NodaTime;

namespace Mesos.Host.Chronos.Runs;

/// <summary>
/// The scheduler's state and its decisions, without actors or I/O: each decision returns the events to
/// record (or throws <see cref="JobRefusedException"/> with why it cannot), and <see cref="Apply"/> folds a
/// recorded event in. Replaying the events rebuilds the same book, so decisions never depend on anything
/// but the book and the instant they are given.
/// </summary>
public sealed class JobBook
{
    private const string KilledState = "TASK_KILLED";

    public static readonly JobBook Empty = new(
        ImmutableDictionary<string, JobEntry>.Empty.WithComparers(StringComparer.Ordinal),
        ImmutableDictionary<string, JobRun>.Empty.WithComparers(StringComparer.Ordinal),
        DependencyGraph.Empty, DependencyProgress.Empty, null, 0);

    private JobBook(ImmutableDictionary<string, JobEntry> jobs, ImmutableDictionary<string, JobRun> runs,
        DependencyGraph graph, DependencyProgress progress, string? frameworkId, long runsStarted)
    {
        Jobs = jobs;
        Runs = runs;
        Graph = graph;
        Progress = progress;
        FrameworkId = frameworkId;
        RunsStarted = runsStarted;
    }

    public ImmutableDictionary<string, JobEntry> Jobs { get; }

    /// <summary>Runs that started and have not ended, by task id.</summary>
    public ImmutableDictionary<string, JobRun> Runs { get; }

    public DependencyGraph Graph { get; }

    public DependencyProgress Progress { get; }

    public string? FrameworkId { get; }

    /// <summary>How many runs ever started; part of each task id, so that no two runs share one.</summary>
    public long RunsStarted { get; }

    public IEnumerable<JobRun> RunsOf(string job) => Runs.Values.Where(r => r.Job == job);

    /// <summary>The earliest instant a schedule falls due, for the scheduler's next wake-up.</summary>
    public Instant? NextDue => Jobs.Values.Select(j => j.NextDue).Where(d => d is not null).Min();

    /// <exception cref="JobRefusedException">Every reason the job cannot be saved.</exception>
    public IReadOnlyList<ChronosEvent> Save(JobDefinition job, JobValidator.Kind kind, Instant now)
    {
        JobValidator.Validate(job, kind, now);
        Graph.With(job.Name, job.Parents);
        return [new JobSaved(job, now)];
    }

    /// <exception cref="JobRefusedException">Other jobs depend on it.</exception>
    /// <exception cref="KeyNotFoundException">No such job.</exception>
    public IReadOnlyList<ChronosEvent> Delete(string name)
    {
        Require(name);
        Graph.Without(name);
        return [new JobDeleted(name)];
    }

    /// <summary>The runs that fall due at <paramref name="now"/>, and those that are skipped.</summary>
    public IReadOnlyList<ChronosEvent> Due(Instant now)
    {
        var events = new List<ChronosEvent>();
        var started = RunsStarted;
        foreach (var (name, job) in Jobs.OrderBy(j => j.Key, StringComparer.Ordinal))
        {
            if (job.Schedule is null || job.Definition.Disabled) continue;
            var due = DueRuns.At(job.Schedule, job.Handled, now, job.Epsilon);
            if (due.Handled == job.Handled) continue;
            // A job that may not run concurrently skips a run that falls due while one is still going.
            var runs = due.Run is not null && (job.Definition.Concurrent || !RunsOf(name).Any());
            events.Add(new ScheduleHandled(name, due.Handled, due.Skipped + (due.Run is not null && !runs ? 1 : 0)));
            if (runs) events.Add(Start(name, 0, RunCause.Schedule, now, [], ref started, due.Run));
        }
        return events;
    }

    /// <summary>Runs a job now (PUT /v1/scheduler/job/{name}), with extra arguments for its command.</summary>
    /// <exception cref="KeyNotFoundException">No such job.</exception>
    public IReadOnlyList<ChronosEvent> RunNow(string name, IReadOnlyList<string> arguments, Instant now)
    {
        Require(name);
        var started = RunsStarted;
        return [Start(name, 0, RunCause.Manual, now, [.. arguments], ref started)];
    }

    /// <summary>
    /// A run's task reached a terminal state: the run ends; a failure is retried while the job has retries
    /// left (a kill is not); a success moves its dependents on. An update for a run that already ended
    /// (a repeated update) changes nothing.
    /// </summary>
    public IReadOnlyList<ChronosEvent> Ended(string taskId, bool succeeded, string state, string message, Instant now)
    {
        if (!Runs.TryGetValue(taskId, out var run)) return [];
        var events = new List<ChronosEvent> { new RunEnded(taskId, succeeded, state, message, now) };
        var started = RunsStarted;
        if (!Jobs.TryGetValue(run.Job, out var job)) return events;
        if (succeeded)
        {
            events.AddRange(StartDependents(run.Job, now, ref started));
        }
        else if (state != KilledState && !IsError(run, job.Definition, state))
        {
            events.Add(Start(run.Job, run.Attempt + 1, RunCause.Retry, now, run.Arguments, ref started));
        }
        return events;
    }

    /// <summary>Counts the job's latest run as a success, so that its dependents move on.</summary>
    /// <exception cref="KeyNotFoundException">No such job.</exception>
    public IReadOnlyList<ChronosEvent> MarkSucceeded(string name, Instant now)
    {
        Require(name);
        var started = RunsStarted;
        return [new JobMarkedSucceeded(name, now), .. StartDependents(name, now, ref started)];
    }

    public JobBook Apply(ChronosEvent e) => e switch
    {
        JobSaved saved => With(jobs: Jobs.SetItem(saved.Job.Name, JobEntry.Saved(saved.Job, saved.At, Jobs.GetValueOrDefault(saved.Job.Name))),
            graph: Graph.With(saved.Job.Name, saved.Job.Parents), progress: Progress.Forget(saved.Job.Name)),
        JobDeleted deleted => With(jobs: Jobs.Remove(deleted.Name), graph: Graph.Without(deleted.Name), progress: Progress.Forget(deleted.Name)),
        ScheduleHandled handled => Update(handled.Job, j => j with
        {
            Handled = handled.Handled,
            Stats = j.Stats with { SkippedCount = j.Stats.SkippedCount + handled.Skipped },
        }),
        RunStarted run => With(runs: Runs.SetItem(run.TaskId, new JobRun(run.TaskId, run.Job, run.Attempt, run.Cause, run.At, run.Arguments)),
            runsStarted: RunsStarted + 1),
        RunEnded ended => End(ended),
        JobMarkedSucceeded marked => Succeeded(marked.Job, marked.At, this),
        FrameworkRegistered registered => With(frameworkId: registered.FrameworkId),
        _ => throw new ArgumentOutOfRangeException(nameof(e), e, "Not an event of the job book"),
    };

    private JobBook End(RunEnded ended)
    {
        if (!Runs.TryGetValue(ended.TaskId, out var run)) return this;
        var book = With(runs: Runs.Remove(ended.TaskId));
        if (!book.Jobs.TryGetValue(run.Job, out var job)) return book;
        var record = new RunRecord(run.TaskId, run.Attempt, run.Cause, run.Started, ended.At, ended.Succeeded, ended.State, ended.Message);
        book = book.With(jobs: book.Jobs.SetItem(run.Job, job.Ended(record)));
        if (ended.Succeeded) return Succeeded(run.Job, ended.At, book);
        return IsError(run, job.Definition, ended.State) ? book.Update(run.Job, j => j with { Stats = j.Stats.Failed(ended.At) }) : book;
    }

    /// <summary>
    /// Whether a failed run is the job's error: only the last attempt's failure is (earlier ones are retried),
    /// and a kill by an operator is none.
    /// </summary>
    public static bool IsError(JobRun run, JobDefinition job, string state) => state != KilledState && run.Attempt >= job.Retries;

    private static JobBook Succeeded(string job, Instant at, JobBook book) =>
        book.Update(job, j => j with { Stats = j.Stats.Succeeded(at) }).With(progress: book.Progress.ParentSucceeded(book.Graph, job).Progress);

    private IEnumerable<ChronosEvent> StartDependents(string parent, Instant now, ref long started)
    {
        var events = new List<ChronosEvent>();
        foreach (var dependent in Progress.ParentSucceeded(Graph, parent).Start)
        {
            if (Jobs.TryGetValue(dependent, out var job) && !job.Definition.Disabled) events.Add(Start(dependent, 0, RunCause.Parents, now, [], ref started));
        }
        return events;
    }

    /// <param name="scheduled">The schedule's instant a scheduled run is for; other runs are for <paramref name="now"/>.</param>
    private static RunStarted Start(string job, int attempt, RunCause cause, Instant now, ImmutableArray<string> arguments, ref long started, Instant? scheduled = null)
    {
        started++;
        // Chronos' task ids read ct:<due time>:<attempt>:<job>:...; the due time names the scheduled instant a run
        // is for (so two runs for one instant show in any task list), and the count makes each id unique.
        var taskId = string.Create(CultureInfo.InvariantCulture, $"ct:{(scheduled ?? now).ToUnixTimeMilliseconds()}:{attempt}:{job}:{started}");
        return new RunStarted(taskId, job, attempt, cause, now, arguments);
    }

    private void Require(string name)
    {
        if (!Jobs.ContainsKey(name)) throw new KeyNotFoundException($"Job '{name}' does not exist");
    }

    private JobBook Update(string job, Func<JobEntry, JobEntry> change) =>
        Jobs.TryGetValue(job, out var entry) ? With(jobs: Jobs.SetItem(job, change(entry))) : this;

    private JobBook With(ImmutableDictionary<string, JobEntry>? jobs = null, ImmutableDictionary<string, JobRun>? runs = null,
        DependencyGraph? graph = null, DependencyProgress? progress = null, string? frameworkId = null, long? runsStarted = null) =>
        new(jobs ?? Jobs, runs ?? Runs, graph ?? Graph, progress ?? Progress, frameworkId ?? FrameworkId, runsStarted ?? RunsStarted);
}
