using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;

namespace Mesos.Host.Chronos.Jobs;

/// <summary>Reads a job's JSON as Chronos takes it: its field names, its defaults, numbers also as strings ("0.5").</summary>
public static class JobJson
{
    /// <exception cref="JobRefusedException">The body is not a job: names every field that is wrong.</exception>
    public static JobDefinition Read(ReadOnlySpan<byte> utf8)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw new JobRefusedException([$"The body is not JSON: {e.Message}"]);
        }
        using (document)
        {
            var job = document.RootElement;
            if (job.ValueKind != JsonValueKind.Object) throw new JobRefusedException(["The body must be a JSON object (a job)"]);
            var errors = new List<string>();
            var definition = new JobDefinition
            {
                Name = String(job, "name", errors) ?? "",
                Description = String(job, "description", errors) ?? "",
                Command = String(job, "command", errors) ?? "",
                Arguments = Strings(job, "arguments", errors),
                Shell = Bool(job, "shell", true, errors),
                Schedule = NonEmpty(String(job, "schedule", errors)),
                Cron = NonEmpty(String(job, "cron", errors)),
                ScheduleTimeZone = NonEmpty(String(job, "scheduleTimeZone", errors)),
                Parents = Strings(job, "parents", errors),
                Epsilon = NonEmpty(String(job, "epsilon", errors)) ?? "PT5M",
                Retries = (int)Number(job, "retries", 2, errors),
                Cpus = Number(job, "cpus", 0.1, errors),
                Mem = Number(job, "mem", 128, errors),
                Disk = Number(job, "disk", 256, errors),
                Disabled = Bool(job, "disabled", false, errors),
                Concurrent = Bool(job, "concurrent", false, errors),
                SoftError = Bool(job, "softError", false, errors),
                Owner = String(job, "owner", errors) ?? "",
                OwnerName = String(job, "ownerName", errors) ?? "",
                RunAsUser = NonEmpty(String(job, "runAsUser", errors)),
                Container = Container(job, errors),
                Fetch = Objects(job, "fetch", errors, (f, path, e) =>
                    new JobFetch(String(f, "uri", e, path) ?? "", Bool(f, "cache", false, e, path), Bool(f, "extract", true, e, path), Bool(f, "executable", false, e, path))),
                EnvironmentVariables = Objects(job, "environmentVariables", errors, (v, path, e) =>
                    new JobEnvironmentVariable(String(v, "name", e, path) ?? "", String(v, "value", e, path) ?? "")),
                Constraints = Constraints(job, errors),
                MaxCompletionTime = NonEmpty(String(job, "maxCompletionTime", errors)),
            };
            if (errors.Count > 0) throw new JobRefusedException(errors);
            return definition;
        }
    }

    private static string? NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    private static string? String(JsonElement parent, string name, List<string> errors, string path = "")
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind == JsonValueKind.String) return value.GetString();
        errors.Add($"'{path}{name}' must be a string");
        return null;
    }

    private static bool Bool(JsonElement parent, string name, bool fallback, List<string> errors, string path = "")
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return fallback;
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False) return value.GetBoolean();
        errors.Add($"'{path}{name}' must be true or false");
        return fallback;
    }

    private static double Number(JsonElement parent, string name, double fallback, List<string> errors)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return fallback;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number)) return number;
        if (value.ValueKind == JsonValueKind.String
            && double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && double.IsFinite(parsed)) return parsed;
        errors.Add($"'{name}' must be a finite number");
        return fallback;
    }

    private static ImmutableArray<string> Strings(JsonElement parent, string name, List<string> errors)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return [];
        if (value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String))
        {
            return [.. value.EnumerateArray().Select(v => v.GetString()!)];
        }
        errors.Add($"'{name}' must be a list of strings");
        return [];
    }

    private static ImmutableArray<T> Objects<T>(JsonElement parent, string name, List<string> errors, Func<JsonElement, string, List<string>, T> read)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return [];
        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.Object))
        {
            errors.Add($"'{name}' must be a list of objects");
            return [];
        }
        return [.. value.EnumerateArray().Select((item, i) => read(item, $"{name}[{i}].", errors))];
    }

    private static JobContainer? Container(JsonElement job, List<string> errors)
    {
        if (!job.TryGetProperty("container", out var container) || container.ValueKind == JsonValueKind.Null) return null;
        if (container.ValueKind != JsonValueKind.Object)
        {
            errors.Add("'container' must be an object");
            return null;
        }
        return new JobContainer(
            String(container, "type", errors, "container.") ?? "DOCKER",
            String(container, "image", errors, "container.") ?? "",
            String(container, "network", errors, "container.") ?? "HOST",
            Bool(container, "forcePullImage", false, errors, "container."),
            Objects(container, "volumes", errors, (v, path, e) => new JobVolume(
                String(v, "containerPath", e, "container." + path) ?? "", String(v, "hostPath", e, "container." + path) ?? "", String(v, "mode", e, "container." + path) ?? "RW")),
            Objects(container, "parameters", errors, (p, path, e) => new JobParameter(
                String(p, "key", e, "container." + path) ?? "", String(p, "value", e, "container." + path) ?? "")));
    }

    // Chronos writes each constraint as [attribute, operator, value].
    private static ImmutableArray<JobConstraint> Constraints(JsonElement job, List<string> errors)
    {
        if (!job.TryGetProperty("constraints", out var value) || value.ValueKind == JsonValueKind.Null) return [];
        var constraints = ImmutableArray.CreateBuilder<JobConstraint>();
        if (value.ValueKind == JsonValueKind.Array)
        {
            foreach (var constraint in value.EnumerateArray())
            {
                if (constraint.ValueKind == JsonValueKind.Array && constraint.GetArrayLength() == 3
                    && constraint.EnumerateArray().All(p => p.ValueKind == JsonValueKind.String))
                {
                    var parts = constraint.EnumerateArray().Select(p => p.GetString()!).ToArray();
                    constraints.Add(new JobConstraint(parts[0], parts[1], parts[2]));
                    continue;
                }
                errors.Add("'constraints' must be a list of [attribute, operator, value]");
                return [];
            }
            return constraints.ToImmutable();
        }
        errors.Add("'constraints' must be a list of [attribute, operator, value]");
        return [];
    }
}

/// <summary>A job the scheduler refuses, with every reason; answered as 400.</summary>
public sealed class JobRefusedException(IReadOnlyList<string> errors) : Exception(string.Join("; ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
