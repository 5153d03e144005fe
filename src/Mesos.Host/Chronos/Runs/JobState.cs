using System.Collections.Immutable;
using System.Globalization;
using Mesos.Host.Chronos.Jobs;
using Mesos.Host.Chronos.Schedules;
using NodaTime;

namespace Mesos.Host.Chronos.Runs;

/// <summary>
/// One job's state and decisions, as its entity keeps them, without actors or I/O: its definition and
/// schedule (none once deleted), its open runs, how far its chain is (which parents succeeded since it last
/// started) and how many of its own successes its dependents have heard of. Each decision returns the
/// events to record (throwing <see cref="KeyNotFoundException"/> for a job that does not exist), and
/// <see cref="Apply"/> folds a recorded event in, so that replaying the journal rebuilds the same state.
/// </summary>
public sealed record JobState
{
    private const string KilledState = "TASK_KILLED";

    public static readonly JobState None = new();

    /// <summary>The job; null before it is saved and after it is deleted.</summary>
    public JobEntry? Entry { get; private init; }

    /// <summary>Runs that started and have not ended, by task id.</summary>
    public ImmutableDictionary<string, JobRun> Runs { get; private init; } = ImmutableDictionary<string, JobRun>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>How many runs ever started, kept across a delete: part of each task id, so that no two runs share one.</summary>
    public long RunsStarted { get; private init; }

    /// <summary>How many times the job succeeded (a run or an operator's mark), numbering each success for its dependents.</summary>
    public long Successes { get; private init; }

    /// <summary>Up to which success the job's dependents have counted it; the ones after are told again until they have.</summary>
    public long SuccessesTold { get; private init; }

    /// <summary>The parents that succeeded since the job last started.</summary>
    public ImmutableSortedSet<string> ParentsDone { get; private init; } = ImmutableSortedSet.Create<string>(StringComparer.Ordinal);

    /// <summary>The last success of each parent that was counted, so that a success told twice counts once.</summary>
    public ImmutableDictionary<string, long> ParentSuccessesSeen { get; private init; } = ImmutableDictionary<string, long>.Empty.WithComparers(StringComparer.Ordinal);

    public bool Exists => Entry is not null;

    /// <summary>When the schedule next falls due, for the entity's wake-up.</summary>
    public Instant? NextDue => Entry?.NextDue;

    /// <summary>Whether the entity may stop for good: no job, nothing running, no success left to tell.</summary>
    public bool Finished => Entry is null && Runs.IsEmpty && SuccessesTold >= Successes;

    public IReadOnlyList<ChronosEvent> Save(JobDefinition job, Instant now) => [new JobSaved(job, now)];

    /// <exception cref="KeyNotFoundException">No such job.</exception>
    public IReadOnlyList<ChronosEvent> Delete(string name) => [new JobDeleted(Require(name).Definition.Name)];

    /// <summary>The run that falls due at <paramref name="now"/>, and those that are skipped.</summary>
    public IReadOnlyList<ChronosEvent> Due(Instant now)
    {
        if (Entry is not { Schedule: { } schedule, Definition.Disabled: false } job) return [];
        var due = DueRuns.At(schedule, job.Handled, now, job.Epsilon);
        if (due.Handled == job.Handled) return [];
        // A job that may not run concurrently skips a run that falls due while one is still going.
        var runs = due.Run is not null && (job.Definition.Concurrent || Runs.IsEmpty);
        var handled = new ScheduleHandled(job.Definition.Name, due.Handled, due.Skipped + (due.Run is not null && !runs ? 1 : 0));
        return runs ? [handled, Start(0, RunCause.Schedule, now, [], due.Run)] : [handled];
    }

    /// <summary>Runs the job now (PUT /v1/scheduler/job/{name}), with extra arguments for its command.</summary>
    /// <exception cref="KeyNotFoundException">No such job.</exception>
    public IReadOnlyList<ChronosEvent> RunNow(string name, IReadOnlyList<string> arguments, Instant now)
    {
        Require(name);
        return [Start(0, RunCause.Manual, now, [.. arguments])];
    }

    /// <summary>
    /// A run's task reached a terminal state: the run ends, and a failure is retried while the job has retries
    /// left (a kill is not). An update for a run that already ended (a repeated update) changes nothing.
    /// </summary>
    public IReadOnlyList<ChronosEvent> Ended(string taskId, bool succeeded, string state, string message, Instant now)
    {
        if (!Runs.TryGetValue(taskId, out var run)) return [];
        var ended = new RunEnded(taskId, succeeded, state, message, now);
        if (succeeded || Entry is not { } job || state == KilledState || IsError(run, job.Definition, state)) return [ended];
        return [ended, Start(run.Attempt + 1, RunCause.Retry, now, run.Arguments)];
    }

    /// <summary>Counts the job's latest run as a success, so that its dependents move on.</summary>
    /// <exception cref="KeyNotFoundException">No such job.</exception>
    public IReadOnlyList<ChronosEvent> MarkSucceeded(string name, Instant now) => [new JobMarkedSucceeded(Require(name).Definition.Name, now)];

    /// <summary>
    /// Success <paramref name="success"/> of <paramref name="parent"/>: counted once, and when every parent has
    /// succeeded since the job last started, it starts (unless disabled) and its chain starts over. A parent the
    /// job does not have, or a success already counted, changes nothing.
    /// </summary>
    public IReadOnlyList<ChronosEvent> CountParent(string parent, long success, Instant now)
    {
        if (Entry is not { } job || !job.Definition.Parents.Contains(parent) || success <= ParentSuccessesSeen.GetValueOrDefault(parent)) return [];
        var counted = new ParentSucceeded(job.Definition.Name, parent, success);
        var complete = job.Definition.Parents.All(p => p == parent || ParentsDone.Contains(p));
        return complete && !job.Definition.Disabled ? [counted, Start(0, RunCause.Parents, now, [])] : [counted];
    }

    /// <summary>The job's dependents counted its successes up to <paramref name="success"/>.</summary>
    public IReadOnlyList<ChronosEvent> Told(long success) =>
        Entry is { } job && success > SuccessesTold ? [new DependentsTold(job.Definition.Name, Math.Min(success, Successes))] : [];

    /// <summary>Whether a failed run is the job's error: only the last attempt's failure is (earlier ones are retried), and a kill by an operator is none.</summary>
    public static bool IsError(JobRun run, JobDefinition job, string state) => state != KilledState && run.Attempt >= job.Retries;

    public JobState Apply(ChronosEvent e) => e switch
    {
        JobSaved saved => this with { Entry = JobEntry.Saved(saved.Job, saved.At, Entry), ParentsDone = ParentsDone.Clear() },
        JobDeleted => this with { Entry = null, ParentsDone = ParentsDone.Clear() },
        ScheduleHandled handled => Update(j => j with { Handled = handled.Handled, Stats = j.Stats with { SkippedCount = j.Stats.SkippedCount + handled.Skipped } }),
        RunStarted run => this with
        {
            Runs = Runs.SetItem(run.TaskId, new JobRun(run.TaskId, run.Job, run.Attempt, run.Cause, run.At, run.Arguments)),
            RunsStarted = RunsStarted + 1,
        },
        RunEnded ended => End(ended),
        JobMarkedSucceeded marked => Succeeded(marked.At),
        ParentSucceeded parent => Counted(parent),
        DependentsTold told => this with { SuccessesTold = Math.Max(SuccessesTold, told.Success) },
        _ => throw new ArgumentOutOfRangeException(nameof(e), e, "Not an event of a job"),
    };

    private JobState End(RunEnded ended)
    {
        if (!Runs.TryGetValue(ended.TaskId, out var run)) return this;
        var state = this with { Runs = Runs.Remove(ended.TaskId) };
        if (Entry is not { } job) return state;
        state = state with { Entry = job.Ended(new RunRecord(run.TaskId, run.Attempt, run.Cause, run.Started, ended.At, ended.Succeeded, ended.State, ended.Message)) };
        if (ended.Succeeded) return state.Succeeded(ended.At);
        return IsError(run, job.Definition, ended.State) ? state.Update(j => j with { Stats = j.Stats.Failed(ended.At) }) : state;
    }

    private JobState Succeeded(Instant at) => Entry is null ? this : Update(j => j with { Stats = j.Stats.Succeeded(at) }) with { Successes = Successes + 1 };

    private JobState Counted(ParentSucceeded counted)
    {
        var seen = ParentSuccessesSeen.SetItem(counted.Parent, counted.Success);
        var done = ParentsDone.Add(counted.Parent);
        var complete = Entry is { } job && job.Definition.Parents.All(done.Contains);
        return this with { ParentSuccessesSeen = seen, ParentsDone = complete ? done.Clear() : done };
    }

    /// <param name="scheduled">The schedule's instant a scheduled run is for; other runs are for <paramref name="now"/>.</param>
    private RunStarted Start(int attempt, RunCause cause, Instant now, ImmutableArray<string> arguments, Instant? scheduled = null)
    {
        var job = Entry!.Definition.Name;
        // Chronos' task ids read ct:<due time>:<attempt>:<job>:...; the due time names the scheduled instant a run
        // is for (so two runs for one instant show in any task list), and the job's count makes each id unique.
        var taskId = string.Create(CultureInfo.InvariantCulture, $"ct:{(scheduled ?? now).ToUnixTimeMilliseconds()}:{attempt}:{job}:{RunsStarted + 1}");
        return new RunStarted(taskId, job, attempt, cause, now, arguments);
    }

    private JobEntry Require(string name) => Entry ?? throw new KeyNotFoundException($"Job '{name}' does not exist");

    private JobState Update(Func<JobEntry, JobEntry> change) => Entry is { } job ? this with { Entry = change(job) } : this;
}
