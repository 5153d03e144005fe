using Mesos.Host.Marathon.Apps;
using Mesos.Host.Marathon.State;

namespace Mesos.Host.Marathon.Deployments;

/// <summary>
/// Marathon's decisions for one app, as a pure function of its definition and its instances: start and scale
/// to the instance count, replace instances of an older configuration within the upgrade strategy's bounds
/// (never fewer than minimumHealthCapacity of the instances ready, never more than maximumOverCapacity extra
/// running), and stop every instance of a removed app. It is asked again after every change, so each answer
/// is only the next step.
/// </summary>
public static class InstancePlanner
{
    /// <param name="app">The app, or null when it was removed.</param>
    /// <param name="instances">The app's instances, ended ones excluded.</param>
    /// <param name="killing">Tasks already asked to die; they are neither counted as ready nor killed again.</param>
    public static InstancePlan Plan(AppEntry? app, IReadOnlyList<Instance> instances, IReadOnlySet<string> killing)
    {
        var dying = instances.Count(i => killing.Contains(i.TaskId));
        if (app is null)
        {
            var toKill = instances.Where(i => !killing.Contains(i.TaskId)).Select(i => i.TaskId).ToList();
            return instances.Count == 0 ? InstancePlan.Done : new InstancePlan(0, toKill, false, $"waiting for {instances.Count} instance(s) to be killed");
        }
        var health = app.ChecksHealth;
        var active = instances.Where(i => i.IsActive && !killing.Contains(i.TaskId)).ToList();
        var current = active.Where(i => i.ConfigVersion == app.LastConfigChangeAt).ToList();
        var old = active.Where(i => i.ConfigVersion != app.LastConfigChangeAt).ToList();
        return old.Count == 0
            ? Scale(app.Definition, current, dying, health)
            : Replace(app.Definition, current, old, dying, health);
    }

    private static InstancePlan Scale(AppDefinition app, List<Instance> current, int dying, bool health)
    {
        var target = app.Instances;
        if (current.Count < target) return new InstancePlan(target - current.Count, [], false, $"waiting for {target - current.Count} instance(s) to be launched");
        if (current.Count > target)
        {
            // Instances that are not ready yet go first, then the kill selection decides.
            var kill = current.OrderBy(i => i.IsReady(health)).ThenBy(i => i.StagedAt, Selection(app)).Take(current.Count - target).Select(i => i.TaskId).ToList();
            return new InstancePlan(0, kill, false, $"waiting for {kill.Count} instance(s) to be killed");
        }
        var notReady = current.Count(i => !i.IsReady(health));
        if (notReady > 0) return new InstancePlan(0, [], false, $"waiting for {notReady} instance(s) to be running{(health ? " and healthy" : "")}");
        return dying > 0 ? new InstancePlan(0, [], false, $"waiting for {dying} instance(s) to be killed") : InstancePlan.Done;
    }

    private static InstancePlan Replace(AppDefinition app, List<Instance> current, List<Instance> old, int dying, bool health)
    {
        var target = app.Instances;
        var minHealthy = (int)Math.Ceiling(target * app.UpgradeStrategy.MinimumHealthCapacity - 1e-9);
        var maxCapacity = (int)Math.Floor(target * (1 + app.UpgradeStrategy.MaximumOverCapacity) + 1e-9);
        var readyNew = current.Count(i => i.IsReady(health));
        var oldReady = old.Where(i => i.IsReady(health)).OrderBy(i => i.StagedAt, Selection(app)).ToList();
        // Old instances that are not ready count for nothing: they go at once; ready ones only while enough stay ready.
        var kill = old.Where(i => !i.IsReady(health)).Select(i => i.TaskId).ToList();
        var killReady = Math.Clamp(readyNew + oldReady.Count - minHealthy, 0, oldReady.Count);
        kill.AddRange(oldReady.Take(killReady).Select(i => i.TaskId));
        var oldLeft = old.Count - kill.Count;
        var launch = Math.Max(0, Math.Min(target - current.Count, maxCapacity - oldLeft - current.Count - dying));
        if (launch == 0 && kill.Count == 0 && dying == 0 && current.Count < target && current.All(i => i.IsReady(health)))
        {
            // With no room above the count and no instance to spare (minimumHealthCapacity 1, maximumOverCapacity 0),
            // Marathon kills one old instance to make room, as the only way forward.
            kill.Add(oldReady[0].TaskId);
        }
        var waiting = $"replacing {old.Count} old instance(s): {readyNew} of {target} new ready, at least {minHealthy} ready kept, at most {maxCapacity} running";
        return new InstancePlan(launch, kill, false, waiting);
    }

    private static IComparer<DateTimeOffset> Selection(AppDefinition app) =>
        app.KillSelection == KillSelection.YoungestFirst ? Comparer<DateTimeOffset>.Create((a, b) => b.CompareTo(a)) : Comparer<DateTimeOffset>.Default;
}
