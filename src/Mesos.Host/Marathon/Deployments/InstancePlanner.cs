using Mesos.Host.Marathon.Apps;
using Mesos.Host.Marathon.State;

namespace Mesos.Host.Marathon.Deployments;

/// <summary>
/// Marathon's decisions for one app, as a pure function of its definition and its instances: start and scale
/// to the instance count, replace instances of an older configuration within the upgrade strategy's bounds
/// (never fewer than minimumHealthCapacity of the instances ready, never more than maximumOverCapacity extra
/// running), and stop every instance of a removed app. An instance is ready when it runs, its health check
/// passed (when the app has one) and, for one of the current configuration, its readiness check passed (when
/// the app has one). It is asked again after every change, so each answer is only the next step.
/// </summary>
public static class InstancePlanner
{
    /// <param name="app">The app, or null when it was removed.</param>
    /// <param name="instances">The app's instances, ended ones excluded.</param>
    /// <param name="killing">Tasks already asked to die; they are neither counted as ready nor killed again.</param>
    /// <param name="readinessPassed">Tasks whose readiness checks passed.</param>
    /// <param name="now">When the plan is made: an unreachable instance counts until its app's inactiveAfterSeconds have passed.</param>
    public static InstancePlan Plan(AppEntry? app, IReadOnlyList<Instance> instances, IReadOnlySet<string> killing, IReadOnlySet<string>? readinessPassed = null,
        DateTimeOffset? now = null)
    {
        var dying = instances.Where(i => killing.Contains(i.TaskId)).Select(i => i.TaskId).ToList();
        if (app is null)
        {
            var toKill = instances.Where(i => !killing.Contains(i.TaskId)).Select(i => i.TaskId).ToList();
            return instances.Count == 0 ? InstancePlan.Done : new InstancePlan(0, toKill, false, new Wait(Wait.Kill, instances.Count, [.. instances.Select(i => i.TaskId)]));
        }
        var readiness = new Readiness(app, readinessPassed ?? new HashSet<string>());
        var at = now ?? DateTimeOffset.MaxValue;
        var active = instances.Where(i => i.CountsAt(at, app.Definition.UnreachableStrategy) && !killing.Contains(i.TaskId)).ToList();
        var current = active.Where(i => i.ConfigVersion == app.LastConfigChangeAt).ToList();
        var old = active.Where(i => i.ConfigVersion != app.LastConfigChangeAt).ToList();
        return old.Count == 0
            ? Scale(app.Definition, current, dying, readiness)
            : Replace(app.Definition, current, old, dying, readiness);
    }

    private static InstancePlan Scale(AppDefinition app, List<Instance> current, List<string> dying, Readiness readiness)
    {
        var target = app.Instances;
        if (current.Count < target) return new InstancePlan(target - current.Count, [], false, new Wait(Wait.Offers, target - current.Count, []));
        if (current.Count > target)
        {
            // Instances that are not ready yet go first, then the kill selection decides.
            var kill = current.OrderBy(readiness.IsReady).ThenBy(i => i.StagedAt, Selection(app)).Take(current.Count - target).Select(i => i.TaskId).ToList();
            return new InstancePlan(0, kill, false, new Wait(Wait.Kill, kill.Count + dying.Count, [.. kill, .. dying]));
        }
        if (readiness.FirstUnready(current) is { } wait) return new InstancePlan(0, [], false, wait);
        return dying.Count > 0 ? new InstancePlan(0, [], false, new Wait(Wait.Kill, dying.Count, dying)) : InstancePlan.Done;
    }

    private static InstancePlan Replace(AppDefinition app, List<Instance> current, List<Instance> old, List<string> dying, Readiness readiness)
    {
        var target = app.Instances;
        var minHealthy = (int)Math.Ceiling(target * app.UpgradeStrategy.MinimumHealthCapacity - 1e-9);
        var maxCapacity = (int)Math.Floor(target * (1 + app.UpgradeStrategy.MaximumOverCapacity) + 1e-9);
        var readyNew = current.Count(readiness.IsReady);
        var oldReady = old.Where(readiness.IsReady).OrderBy(i => i.StagedAt, Selection(app)).ToList();
        // Old instances that are not ready count for nothing: they go at once; ready ones only while enough stay ready.
        var kill = old.Where(i => !readiness.IsReady(i)).Select(i => i.TaskId).ToList();
        var killReady = Math.Clamp(readyNew + oldReady.Count - minHealthy, 0, oldReady.Count);
        kill.AddRange(oldReady.Take(killReady).Select(i => i.TaskId));
        var oldLeft = old.Count - kill.Count;
        var launch = Math.Max(0, Math.Min(target - current.Count, maxCapacity - oldLeft - current.Count - dying.Count));
        if (launch == 0 && kill.Count == 0 && dying.Count == 0 && current.Count < target && current.All(readiness.IsReady))
        {
            // With no room above the count and no instance to spare (minimumHealthCapacity 1, maximumOverCapacity 0),
            // Marathon kills one old instance to make room, as the only way forward.
            kill.Add(oldReady[0].TaskId);
        }
        var waiting = launch > 0 ? new Wait(Wait.Offers, launch, [])
            : readiness.FirstUnready(current) is { } unready ? unready
            : new Wait(Wait.Kill, old.Count + dying.Count, [.. old.Select(i => i.TaskId), .. dying]);
        return new InstancePlan(launch, kill, false, waiting);
    }

    private static IComparer<DateTimeOffset> Selection(AppDefinition app) =>
        app.KillSelection == KillSelection.YoungestFirst ? Comparer<DateTimeOffset>.Create((a, b) => b.CompareTo(a)) : Comparer<DateTimeOffset>.Default;

    /// <summary>Which instances are ready, and what the first of those that are not waits for.</summary>
    private sealed class Readiness(AppEntry app, IReadOnlySet<string> passed)
    {
        private readonly bool _health = app.ChecksHealth;
        private readonly bool _readiness = !app.Definition.ReadinessChecks.IsEmpty;

        // Readiness checks gate the instances a deployment starts: older ones passed theirs, or started before the app had any.
        public bool IsReady(Instance instance) => instance.IsReady(_health)
            && (!_readiness || instance.ConfigVersion != app.LastConfigChangeAt || passed.Contains(instance.TaskId));

        public Wait? FirstUnready(IReadOnlyList<Instance> instances)
        {
            var notRunning = instances.Where(i => !i.IsRunning).Select(i => i.TaskId).ToList();
            if (notRunning.Count > 0) return new Wait(Wait.Running, notRunning.Count, notRunning);
            var unhealthy = instances.Where(i => !i.IsReady(_health)).Select(i => i.TaskId).ToList();
            if (unhealthy.Count > 0) return new Wait(Wait.Health, unhealthy.Count, unhealthy);
            var unready = instances.Where(i => !IsReady(i)).Select(i => i.TaskId).ToList();
            return unready.Count > 0 ? new Wait(Wait.Readiness, unready.Count, unready) : null;
        }
    }
}
