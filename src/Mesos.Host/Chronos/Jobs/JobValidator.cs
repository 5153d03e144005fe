using System.Text.RegularExpressions;
using Mesos.Host.Chronos.Schedules;
using NodaTime;
using NodaTime.Text;

namespace Mesos.Host.Chronos.Jobs;

/// <summary>Checks a job definition on its own (the dependency graph checks its parents): every reason it cannot run, named.</summary>
public static partial class JobValidator
{
    /// <summary>Whether the job came to /v1/scheduler/iso8601 (runs on a schedule) or /v1/scheduler/dependency (runs after its parents).</summary>
    public enum Kind
    {
        Scheduled,
        Dependent,
    }

    private const int MaxNameLength = 200;
    private static readonly string[] ContainerTypes = ["DOCKER", "MESOS"];
    private static readonly string[] Networks = ["HOST", "BRIDGE", "NONE", "USER"];
    private static readonly string[] VolumeModes = ["RW", "RO"];
    private static readonly string[] Operators = ["EQUALS", "LIKE", "UNLIKE"];

    /// <summary>The job's schedule, parsed, for a scheduled job; null for a dependent one.</summary>
    /// <exception cref="JobRefusedException">Every reason the job is refused.</exception>
    public static JobSchedule? Validate(JobDefinition job, Kind kind, Instant now)
    {
        var errors = new List<string>();
        if (!NamePattern().IsMatch(job.Name) || job.Name.Length > MaxNameLength)
        {
            errors.Add($"'name' must be 1 to {MaxNameLength} letters, digits, '_', '.' or '-', not '{Cut(job.Name)}'");
        }
        if (string.IsNullOrWhiteSpace(job.Command) && job.Container is null) errors.Add("'command' is required");
        var schedule = ValidateTiming(job, kind, now, errors);
        if (DurationOf(job.Epsilon, "epsilon", errors) is { } epsilon && epsilon < Duration.Zero) errors.Add("'epsilon' must not be negative");
        if (job.MaxCompletionTime is { } max && DurationOf(max, "maxCompletionTime", errors) is { } limit && limit <= Duration.Zero)
        {
            errors.Add("'maxCompletionTime' must be longer than zero");
        }
        if (job.Retries is < 0 or > 100) errors.Add("'retries' must be between 0 and 100");
        if (job.Cpus is <= 0 or > 1_000_000) errors.Add("'cpus' must be more than 0 (and at most 1000000)");
        if (job.Mem is <= 0 or > 1e12) errors.Add("'mem' must be more than 0 MB (and at most 1e12)");
        if (job.Disk is < 0 or > 1e12) errors.Add("'disk' must not be negative (and at most 1e12 MB)");
        ValidateContainer(job.Container, errors);
        for (var i = 0; i < job.Fetch.Length; i++)
        {
            if (!Uri.TryCreate(job.Fetch[i].Uri, UriKind.Absolute, out _) && !job.Fetch[i].Uri.StartsWith('/')) errors.Add($"'fetch[{i}].uri' must be a URL or an absolute path");
        }
        for (var i = 0; i < job.EnvironmentVariables.Length; i++)
        {
            if (job.EnvironmentVariables[i].Name.Length == 0 || job.EnvironmentVariables[i].Name.Contains('=')) errors.Add($"'environmentVariables[{i}].name' must be a non-empty name without '='");
        }
        foreach (var constraint in job.Constraints) ValidateConstraint(constraint, errors);
        if (errors.Count > 0) throw new JobRefusedException(errors);
        return schedule;
    }

    private static JobSchedule? ValidateTiming(JobDefinition job, Kind kind, Instant now, List<string> errors)
    {
        var scheduled = job.Schedule is not null || job.Cron is not null;
        if (kind == Kind.Dependent)
        {
            if (job.Parents.IsEmpty) errors.Add("A dependent job needs 'parents'");
            if (scheduled) errors.Add("A dependent job has 'parents', not 'schedule' or 'cron'");
            return null;
        }
        if (!job.Parents.IsEmpty) errors.Add("A scheduled job has 'schedule' or 'cron', not 'parents' (post it to /v1/scheduler/dependency)");
        try
        {
            return JobSchedule.Parse(job.Schedule, job.Cron, job.ScheduleTimeZone, now);
        }
        catch (FormatException e)
        {
            errors.Add(e.Message);
            return null;
        }
    }

    private static void ValidateContainer(JobContainer? container, List<string> errors)
    {
        if (container is null) return;
        if (!ContainerTypes.Contains(container.Type)) errors.Add($"'container.type' must be DOCKER or MESOS, not '{Cut(container.Type)}'");
        if (string.IsNullOrWhiteSpace(container.Image)) errors.Add("'container.image' is required");
        if (!Networks.Contains(container.Network)) errors.Add($"'container.network' must be HOST, BRIDGE, NONE or USER, not '{Cut(container.Network)}'");
        foreach (var volume in container.Volumes)
        {
            if (!volume.ContainerPath.StartsWith('/') || !volume.HostPath.StartsWith('/')) errors.Add("'container.volumes' need absolute 'containerPath' and 'hostPath'");
            if (!VolumeModes.Contains(volume.Mode)) errors.Add($"'container.volumes' mode must be RW or RO, not '{Cut(volume.Mode)}'");
        }
    }

    private static void ValidateConstraint(JobConstraint constraint, List<string> errors)
    {
        if (!Operators.Contains(constraint.Operator))
        {
            errors.Add($"Constraint operator must be EQUALS, LIKE or UNLIKE, not '{Cut(constraint.Operator)}'");
            return;
        }
        if (constraint.Operator == "EQUALS") return;
        try
        {
            _ = new Regex(constraint.Value, RegexOptions.None, TimeSpan.FromMilliseconds(100));
        }
        catch (ArgumentException e)
        {
            errors.Add($"Constraint {constraint.Operator} '{Cut(constraint.Value)}' is not a regular expression: {e.Message}");
        }
    }

    private static Duration? DurationOf(string text, string field, List<string> errors)
    {
        var parsed = PeriodPattern.NormalizingIso.Parse(text);
        if (parsed.Success && !HasCalendarUnits(parsed.Value)) return parsed.Value.ToDuration();
        errors.Add($"'{field}' must be an ISO 8601 duration of days, hours, minutes or seconds (such as PT5M), not '{Cut(text)}'");
        return null;
    }

    private static bool HasCalendarUnits(Period period) => period.Years != 0 || period.Months != 0;

    private static string Cut(string text) => text.Length <= 64 ? text : text[..64] + "...";

    [GeneratedRegex("^[A-Za-z0-9_.-]+$")]
    private static partial Regex NamePattern();
}
