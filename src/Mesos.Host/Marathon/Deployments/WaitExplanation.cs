using System.Globalization;
using Mesos.Host.Marathon.Launching;

namespace Mesos.Host.Marathon.Deployments;

/// <summary>
/// Says in words what an app's deployment waits for and what is missing: which offers were refused and why,
/// when a backoff ends, which apps it depends on, which tasks are not running, healthy or ready yet (and what
/// their readiness check last found), which tasks have yet to die.
/// </summary>
public static class WaitExplanation
{
    private const int Named = 5;

    public static string Describe(Wait wait, OfferLog? offers, DateTimeOffset? delayedUntil, IReadOnlyDictionary<string, ReadinessResult> readiness, DateTimeOffset now) =>
        wait.Reason switch
        {
            Wait.Offers => $"waiting for offers to launch {wait.Instances} instance(s): {Offers(offers)}",
            Wait.Backoff => string.Create(CultureInfo.InvariantCulture,
                $"waiting for the launch backoff after failed tasks: {wait.Instances} instance(s) launch in {Math.Ceiling(((delayedUntil ?? now) - now).TotalSeconds)} s"),
            Wait.Dependencies => $"waiting for {List(wait.Subjects)} to be ready before launching {wait.Instances} instance(s)",
            Wait.Running => $"waiting for {wait.Instances} task(s) to be running: {List(wait.Subjects)}",
            Wait.Health => $"waiting for {wait.Instances} task(s) to pass their health check: {List(wait.Subjects)}",
            Wait.Readiness => $"waiting for {wait.Instances} task(s) to pass their readiness check: {List(wait.Subjects.Select(t => Readiness(t, readiness)))}",
            _ => $"waiting for {wait.Instances} task(s) to be killed: {List(wait.Subjects)}",
        };

    private static string Offers(OfferLog? log)
    {
        if (log is null || log.Processed == 0) return "no offer has come yet";
        var refused = log.RejectSummary().Where(r => r.Declined > 0).Select(r => $"{r.Reason} ({r.Declined})").ToList();
        return refused.Count == 0
            ? $"{log.Processed} offer(s) used so far"
            : $"of the last {log.LastUnused.Count} unused offer(s), refused for {string.Join(", ", refused)}";
    }

    private static string Readiness(string taskId, IReadOnlyDictionary<string, ReadinessResult> readiness) =>
        readiness.TryGetValue(taskId, out var result) ? $"{taskId} ({result.Name}: {result.Detail})" : $"{taskId} (not checked yet)";

    private static string List(IEnumerable<string> items)
    {
        var all = items.ToList();
        return all.Count <= Named ? string.Join(", ", all) : string.Join(", ", all.Take(Named)) + $" and {all.Count - Named} more";
    }
}
