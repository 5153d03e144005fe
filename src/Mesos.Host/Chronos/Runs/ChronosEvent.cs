using System.Collections.Immutable;
using Mesos.Host.Chronos.Jobs;
using NodaTime;

namespace Mesos.Host.Chronos.Runs;

/// <summary>
/// What the scheduler records, in order, so that a restart rebuilds the same jobs, runs and dependency
/// progress: a run is recorded as started before its task is launched and as ended before its terminal
/// update is acknowledged, so a restart neither repeats nor drops one.
/// </summary>
public abstract record ChronosEvent;

/// <summary>A job was created or replaced at <paramref name="At"/> (an empty schedule start means that instant).</summary>
public sealed record JobSaved(JobDefinition Job, Instant At) : ChronosEvent;

public sealed record JobDeleted(string Name) : ChronosEvent;

/// <summary>The schedule's runs up to <paramref name="Handled"/> are dealt with; <paramref name="Skipped"/> of them will not run.</summary>
public sealed record ScheduleHandled(string Job, Instant Handled, long Skipped) : ChronosEvent;

/// <summary>A run of <paramref name="Job"/> starts as task <paramref name="TaskId"/>; its task is launched after this is recorded.</summary>
public sealed record RunStarted(string TaskId, string Job, int Attempt, RunCause Cause, Instant At, ImmutableArray<string> Arguments) : ChronosEvent;

/// <summary>A run ended: its task's terminal state, recorded before the update is acknowledged.</summary>
public sealed record RunEnded(string TaskId, bool Succeeded, string State, string Message, Instant At) : ChronosEvent;

/// <summary>An operator declared a job's latest run a success (PUT /v1/scheduler/job/success/{name}): its dependents move on.</summary>
public sealed record JobMarkedSucceeded(string Job, Instant At) : ChronosEvent;

/// <summary>The scheduler lists job <paramref name="Name"/>, which waits on <paramref name="Parents"/> (none for a scheduled job).</summary>
public sealed record JobListed(string Name, ImmutableArray<string> Parents) : ChronosEvent;

/// <summary>The scheduler lists job <paramref name="Name"/> no more: its entity deleted it.</summary>
public sealed record JobUnlisted(string Name) : ChronosEvent;

/// <summary>The master gave the framework this id; later subscriptions use it.</summary>
public sealed record FrameworkRegistered(string FrameworkId) : ChronosEvent;

/// <summary>A dependent job counted success number <paramref name="Success"/> of its parent <paramref name="Parent"/>.</summary>
public sealed record ParentSucceeded(string Job, string Parent, long Success) : ChronosEvent;

/// <summary>The dependents of <paramref name="Job"/> counted its successes up to number <paramref name="Success"/>.</summary>
public sealed record DependentsTold(string Job, long Success) : ChronosEvent;

/// <summary>Why a run started.</summary>
public enum RunCause
{
    Schedule,
    Manual,
    Retry,
    Parents,
}
