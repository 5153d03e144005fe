using System.Globalization;

namespace Mesos.TestScheduler;

/// <summary>The test scheduler's command line: <c>--name=value</c> pairs.</summary>
internal sealed record BatchOptions(
    string Master,
    string Name,
    int Tasks,
    string Command,
    string Resources,
    double FailoverTimeout,
    string? FrameworkId,
    bool Reconcile,
    bool TeardownWhenDone)
{
    public static BatchOptions Parse(string[] args)
    {
        var values = args
            .Select(a => a.TrimStart('-').Split('=', 2))
            .ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "true", StringComparer.Ordinal);
        string Get(string name, string fallback) => values.GetValueOrDefault(name, fallback);
        return new BatchOptions(
            Master: values.TryGetValue("master", out var master) ? master : throw new ArgumentException("--master is required"),
            Name: Get("name", "test-scheduler"),
            Tasks: int.Parse(Get("tasks", "0"), CultureInfo.InvariantCulture),
            Command: Get("command", "true"),
            Resources: Get("resources", "cpus:0.01;mem:8"),
            FailoverTimeout: double.Parse(Get("failover_timeout", "0"), CultureInfo.InvariantCulture),
            FrameworkId: values.GetValueOrDefault("framework_id"),
            Reconcile: bool.Parse(Get("reconcile", "false")),
            TeardownWhenDone: bool.Parse(Get("teardown_when_done", "false")));
    }
}
