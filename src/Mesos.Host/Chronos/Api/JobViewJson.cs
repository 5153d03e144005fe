using System.Text.Json;
using Mesos.Host.Chronos.Jobs;
using Mesos.Host.Chronos.Runs;
using Mesos.Host.Chronos.Scheduler;
using NodaTime;
using NodaTime.Text;

namespace Mesos.Host.Chronos.Api;

/// <summary>Jobs as Chronos' REST API writes them: the definition's fields beside the job's counts.</summary>
public static class JobViewJson
{
    public static void WriteJobs(Utf8JsonWriter w, IEnumerable<JobEntry> jobs)
    {
        w.WriteStartArray();
        foreach (var job in jobs) WriteJob(w, job);
        w.WriteEndArray();
    }

    public static void WriteJob(Utf8JsonWriter w, JobEntry entry)
    {
        var job = entry.Definition;
        w.WriteStartObject();
        w.WriteString("name", job.Name);
        w.WriteString("description", job.Description);
        w.WriteString("command", job.Command);
        Strings(w, "arguments", job.Arguments);
        w.WriteBoolean("shell", job.Shell);
        if (job.IsDependent) Strings(w, "parents", job.Parents);
        else if (job.Cron is { } cron) w.WriteString("cron", cron);
        else w.WriteString("schedule", job.Schedule);
        w.WriteString("scheduleTimeZone", job.ScheduleTimeZone ?? "");
        w.WriteString("epsilon", job.Epsilon);
        w.WriteNumber("retries", job.Retries);
        w.WriteNumber("cpus", job.Cpus);
        w.WriteNumber("mem", job.Mem);
        w.WriteNumber("disk", job.Disk);
        w.WriteBoolean("disabled", job.Disabled);
        w.WriteBoolean("concurrent", job.Concurrent);
        w.WriteBoolean("softError", job.SoftError);
        w.WriteString("owner", job.Owner);
        w.WriteString("ownerName", job.OwnerName);
        if (job.RunAsUser is { } user) w.WriteString("runAsUser", user);
        if (job.MaxCompletionTime is { } max) w.WriteString("maxCompletionTime", max);
        if (job.Container is { } container) Container(w, container);
        w.WriteStartArray("fetch");
        foreach (var f in job.Fetch)
        {
            w.WriteStartObject();
            w.WriteString("uri", f.Uri);
            w.WriteBoolean("cache", f.Cache);
            w.WriteBoolean("extract", f.Extract);
            w.WriteBoolean("executable", f.Executable);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("environmentVariables");
        foreach (var v in job.EnvironmentVariables)
        {
            w.WriteStartObject();
            w.WriteString("name", v.Name);
            w.WriteString("value", v.Value);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("constraints");
        foreach (var c in job.Constraints)
        {
            w.WriteStartArray();
            w.WriteStringValue(c.Attribute);
            w.WriteStringValue(c.Operator);
            w.WriteStringValue(c.Value);
            w.WriteEndArray();
        }
        w.WriteEndArray();
        var stats = entry.Stats;
        w.WriteNumber("successCount", stats.SuccessCount);
        w.WriteNumber("errorCount", stats.ErrorCount);
        w.WriteNumber("errorsSinceLastSuccess", stats.ErrorsSinceLastSuccess);
        w.WriteNumber("skippedCount", stats.SkippedCount);
        w.WriteString("lastSuccess", Time(stats.LastSuccess));
        w.WriteString("lastError", Time(stats.LastError));
        w.WriteString("nextRun", Time(entry.NextDue));
        w.WriteEndObject();
    }

    /// <summary>GET /v1/scheduler/jobs/summary: each job's name, whether it runs, and what it waits on.</summary>
    public static void WriteSummary(Utf8JsonWriter w, IEnumerable<JobEntity.View> jobs)
    {
        w.WriteStartObject();
        w.WriteStartArray("jobs");
        foreach (var (name, entry, runs) in jobs)
        {
            if (entry is null) continue;
            var running = runs.Length;
            w.WriteStartObject();
            w.WriteString("name", name);
            w.WriteString("status", entry.Stats.LastError is { } error && (entry.Stats.LastSuccess is not { } success || error > success) ? "failure"
                : entry.Stats.LastSuccess is not null ? "success" : "fresh");
            w.WriteString("state", running == 0 ? "idle" : $"{running} running");
            w.WriteString("schedule", entry.Definition.Schedule ?? entry.Definition.Cron ?? "");
            Strings(w, "parents", entry.Definition.Parents);
            w.WriteBoolean("disabled", entry.Definition.Disabled);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>GET /v1/scheduler/job/stat/{name}: the durations of the job's recent successful runs, in seconds, and their history.</summary>
    public static void WriteStat(Utf8JsonWriter w, JobEntry entry)
    {
        var durations = entry.Recent.Where(r => r.Succeeded).Select(r => (r.Ended - r.Started).TotalSeconds).Order().ToArray();
        w.WriteStartObject();
        w.WriteStartObject("histogram");
        w.WriteNumber("count", durations.Length);
        w.WriteNumber("mean", durations.Length == 0 ? 0 : durations.Average());
        w.WriteNumber("median", Percentile(durations, 0.5));
        w.WriteNumber("75thPercentile", Percentile(durations, 0.75));
        w.WriteNumber("95thPercentile", Percentile(durations, 0.95));
        w.WriteNumber("98thPercentile", Percentile(durations, 0.98));
        w.WriteNumber("99thPercentile", Percentile(durations, 0.99));
        w.WriteEndObject();
        w.WriteStartArray("taskStatHistory");
        foreach (var run in entry.Recent.Reverse())
        {
            w.WriteStartObject();
            w.WriteString("taskId", run.TaskId);
            w.WriteNumber("attempt", run.Attempt);
            w.WriteString("cause", run.Cause.ToString().ToLowerInvariant());
            w.WriteString("startTime", Time(run.Started));
            w.WriteString("endTime", Time(run.Ended));
            w.WriteString("taskState", run.State);
            w.WriteString("message", run.Message);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static string Time(Instant? instant) => instant is { } i ? InstantPattern.ExtendedIso.Format(i) : "";

    private static void Strings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }

    private static void Container(Utf8JsonWriter w, JobContainer container)
    {
        w.WriteStartObject("container");
        w.WriteString("type", container.Type);
        w.WriteString("image", container.Image);
        w.WriteString("network", container.Network);
        w.WriteBoolean("forcePullImage", container.ForcePullImage);
        w.WriteStartArray("volumes");
        foreach (var v in container.Volumes)
        {
            w.WriteStartObject();
            w.WriteString("containerPath", v.ContainerPath);
            w.WriteString("hostPath", v.HostPath);
            w.WriteString("mode", v.Mode);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("parameters");
        foreach (var p in container.Parameters)
        {
            w.WriteStartObject();
            w.WriteString("key", p.Key);
            w.WriteString("value", p.Value);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
