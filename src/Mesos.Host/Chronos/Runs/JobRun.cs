using System.Collections.Immutable;
using NodaTime;

namespace Mesos.Host.Chronos.Runs;

/// <summary>A run that started and has not ended: its task may be queued for an offer, launched, or running.</summary>
public sealed record JobRun(string TaskId, string Job, int Attempt, RunCause Cause, Instant Started, ImmutableArray<string> Arguments);

/// <summary>A run that ended, as a job's history keeps it.</summary>
public sealed record RunRecord(string TaskId, int Attempt, RunCause Cause, Instant Started, Instant Ended, bool Succeeded, string State, string Message);

/// <summary>A job's counts as Chronos reports them; an error is a run that failed after its last retry.</summary>
public sealed record JobStats(long SuccessCount, long ErrorCount, long ErrorsSinceLastSuccess, long SkippedCount, Instant? LastSuccess, Instant? LastError)
{
    public static readonly JobStats None = new(0, 0, 0, 0, null, null);

    public JobStats Succeeded(Instant at) => this with { SuccessCount = SuccessCount + 1, ErrorsSinceLastSuccess = 0, LastSuccess = at };

    public JobStats Failed(Instant at) => this with { ErrorCount = ErrorCount + 1, ErrorsSinceLastSuccess = ErrorsSinceLastSuccess + 1, LastError = at };
}
