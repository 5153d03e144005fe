using System.Collections.Immutable;
using Mesos.Host.Chronos.Jobs;
using NodaTime;

namespace Mesos.Host.Chronos.Runs;

/// <summary>
/// What Chronos tells about a run that ended: a success, or a failure after the job's last retry (a failure
/// that is retried and a kill by an operator are news to no one). <see cref="Owners"/> are the job's owners
/// that are http(s) URLs, <see cref="MailOwners"/> those that are e-mail addresses.
/// </summary>
public sealed record RunNotification(string Job, bool Succeeded, string TaskId, int Attempt, string State, string Message, Instant At, ImmutableArray<Uri> Owners)
{
    public ImmutableArray<string> MailOwners { get; init; } = [];

    /// <summary>One line that says what happened, as the subject of a mail.</summary>
    public string Subject => Succeeded ? $"[Chronos] job {Job} succeeded" : $"[Chronos] job {Job} failed after {Attempt + 1} attempts";

    /// <summary>The notification of <paramref name="run"/> of <paramref name="job"/> ending as <paramref name="ended"/>; null when there is none.</summary>
    public static RunNotification? Of(JobRun run, JobDefinition job, RunEnded ended)
    {
        if (!ended.Succeeded && !JobState.IsError(run, job, ended.State)) return null;
        return new RunNotification(run.Job, ended.Succeeded, ended.TaskId, run.Attempt, ended.State, ended.Message, ended.At, HttpOwners(job.Owner))
        {
            MailOwners = MailOwnersOf(job.Owner),
        };
    }

    /// <summary>The owners (comma-separated, as Chronos takes them) that are http or https URLs; e-mail addresses are left out.</summary>
    public static ImmutableArray<Uri> HttpOwners(string owner) =>
    [
        .. owner.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(o => Uri.TryCreate(o, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri : null)
            .OfType<Uri>(),
    ];

    /// <summary>The owners that are e-mail addresses (name@domain, nothing else), whom Chronos mails.</summary>
    public static ImmutableArray<string> MailOwnersOf(string owner) =>
    [
        .. owner.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(o => !o.Contains("://", StringComparison.Ordinal) && MimeKit.MailboxAddress.TryParse(o, out var address) && address.Address == o && o.IndexOf('@', StringComparison.Ordinal) > 0),
    ];
}
