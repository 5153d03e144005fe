using System.Collections.Immutable;
using System.Text.Json;
using Mesos.Host.Marathon.Apps;
using Mesos.Host.Marathon.Groups;

namespace Mesos.Host.Marathon.State;

/// <summary>
/// Marathon's state and its decisions on changes, without actors or I/O: each decision returns the events to
/// record (or throws why it cannot), and <see cref="Apply"/> folds a recorded event in, so replaying the journal
/// rebuilds the same state. Every change of apps is a deployment; an app held by a deployment changes again
/// only with force, which cancels that deployment.
/// </summary>
public sealed partial class MarathonState
{
    /// <summary>How many versions of each app are kept (Marathon's --max_versions default).</summary>
    public const int MaxVersions = 50;

    public static readonly MarathonState Empty = new(
        ImmutableSortedDictionary<string, AppEntry>.Empty.WithComparers(StringComparer.Ordinal),
        ImmutableDictionary<string, ImmutableList<AppEntry>>.Empty.WithComparers(StringComparer.Ordinal),
        ImmutableSortedDictionary<string, Deployment>.Empty.WithComparers(StringComparer.Ordinal),
        ImmutableSortedDictionary<string, Instance>.Empty.WithComparers(StringComparer.Ordinal),
        ImmutableSortedDictionary<string, GroupEntry>.Empty.WithComparers(StringComparer.Ordinal),
        null);

    private MarathonState(ImmutableSortedDictionary<string, AppEntry> apps, ImmutableDictionary<string, ImmutableList<AppEntry>> versions,
        ImmutableSortedDictionary<string, Deployment> deployments, ImmutableSortedDictionary<string, Instance> instances,
        ImmutableSortedDictionary<string, GroupEntry> groups, string? frameworkId)
    {
        Apps = apps;
        Versions = versions;
        Deployments = deployments;
        Instances = instances;
        Groups = groups;
        FrameworkId = frameworkId;
    }

    public ImmutableSortedDictionary<string, AppEntry> Apps { get; }

    /// <summary>Each app's versions, oldest first, at most <see cref="MaxVersions"/>.</summary>
    public ImmutableDictionary<string, ImmutableList<AppEntry>> Versions { get; }

    public ImmutableSortedDictionary<string, Deployment> Deployments { get; }

    /// <summary>Instances whose task has not ended, by task id.</summary>
    public ImmutableSortedDictionary<string, Instance> Instances { get; }

    /// <summary>The groups created or changed through /v2/groups, by id.</summary>
    public ImmutableSortedDictionary<string, GroupEntry> Groups { get; }

    public string? FrameworkId { get; }

    /// <summary>Which apps each app depends on, through its own dependencies and its groups'.</summary>
    public DependencyGraph Dependencies => DependencyGraph.Of(Apps.Values.Select(a => a.Definition), Groups);

    public IReadOnlyList<Instance> InstancesOf(string appId) => [.. Instances.Values.Where(i => i.AppId == appId)];

    /// <summary>The apps that have an app definition or instances left to stop.</summary>
    public IEnumerable<string> AppIdsWithWork => Apps.Keys.Concat(Instances.Values.Select(i => i.AppId)).Distinct(StringComparer.Ordinal);

    /// <summary>All that is kept of <paramref name="appId"/>.</summary>
    public AppRecord RecordOf(string appId) => new(appId, Apps.GetValueOrDefault(appId), Versions.GetValueOrDefault(appId) ?? [], [.. InstancesOf(appId)]);

    /// <summary>The state with <paramref name="record"/> in place of all it held of that app.</summary>
    public MarathonState With(AppRecord record) => With(
        apps: record.App is { } app ? Apps.SetItem(record.AppId, app) : Apps.Remove(record.AppId),
        versions: record.Versions.IsEmpty ? Versions.Remove(record.AppId) : Versions.SetItem(record.AppId, record.Versions),
        instances: Instances.RemoveRange(InstancesOf(record.AppId).Select(i => i.TaskId)).SetItems(record.Instances.Select(i => KeyValuePair.Create(i.TaskId, i))));

    /// <summary>
    /// The app an event of one app's (<see cref="AppSaved"/>, <see cref="AppRemoved"/>, <see cref="InstanceLaunched"/>,
    /// <see cref="InstanceChanged"/>) concerns in this state, or null for the others and for a change of an instance it does not hold.
    /// </summary>
    public string? AppOf(MarathonEvent e) => e switch
    {
        AppSaved saved => saved.App.Id,
        AppRemoved removed => removed.AppId,
        InstanceLaunched launched => launched.Instance.AppId,
        InstanceChanged changed => Instances.GetValueOrDefault(changed.TaskId)?.AppId,
        _ => null,
    };

    public IReadOnlyList<Deployment> DeploymentsOf(string appId) => [.. Deployments.Values.Where(d => d.AffectedApps.Contains(appId))];

    /// <summary>Creates apps (POST /v2/apps): each must be new.</summary>
    /// <exception cref="ConflictException">One exists already.</exception>
    public IReadOnlyList<MarathonEvent> Create(IReadOnlyList<AppDefinition> apps, DateTimeOffset now)
    {
        foreach (var app in apps)
        {
            if (Apps.ContainsKey(app.Id)) throw new ConflictException($"An app with id [{app.Id}] already exists.");
            if (Groups.ContainsKey(app.Id)) throw new ConflictException($"A group with id [{app.Id}] already exists.");
            if (Apps.Keys.Any(existing => PathId.IsWithin(existing, app.Id) || PathId.IsWithin(app.Id, existing)))
            {
                throw new ConflictException($"The path of app [{app.Id}] is taken by another app, or the app would contain one.");
            }
        }
        return Put(apps, now, force: false);
    }

    /// <summary>
    /// Creates or replaces apps in one deployment: a new app starts; a change of the instance count alone scales
    /// without touching running instances; any other change replaces them (a rolling restart).
    /// </summary>
    /// <exception cref="AppLockedException">A deployment holds one of the apps and <paramref name="force"/> is false.</exception>
    public IReadOnlyList<MarathonEvent> Put(IReadOnlyList<AppDefinition> apps, DateTimeOffset now, bool force) => Deploy(apps, [], [], [], now, force);

    /// <summary>
    /// One deployment that creates or changes <paramref name="put"/>, removes <paramref name="remove"/>, and saves and drops
    /// groups (their versions set to the deployment's).
    /// </summary>
    /// <exception cref="AppLockedException">A deployment holds one of the apps and <paramref name="force"/> is false.</exception>
    /// <exception cref="AppInvalidException">The apps would depend on each other in a circle.</exception>
    private List<MarathonEvent> Deploy(IReadOnlyList<AppDefinition> put, IReadOnlyList<string> remove, IReadOnlyList<GroupEntry> saveGroups,
        IReadOnlyList<string> dropGroups, DateTimeOffset now, bool force)
    {
        var events = Unlock(put.Select(a => a.Id).Concat(remove), force);
        var apps = WithServicePorts(put, remove);
        var steps = Steps(apps, remove, saveGroups, dropGroups);
        var version = NextVersion(now);
        events.AddRange(saveGroups.Select(g => new GroupSaved(g with { Version = version })));
        events.AddRange(dropGroups.Select(id => new GroupRemoved(id)));
        var actions = ImmutableArray.CreateBuilder<DeploymentAction>();
        var previous = ImmutableSortedDictionary.CreateBuilder<string, AppDefinition?>(StringComparer.Ordinal);
        foreach (var id in remove)
        {
            previous[id] = Apps[id].Definition;
            events.Add(new AppRemoved(id));
            actions.Add(new DeploymentAction(DeploymentAction.Stop, id));
        }
        foreach (var app in apps)
        {
            var existing = Apps.GetValueOrDefault(app.Id);
            previous[app.Id] = existing?.Definition;
            AppEntry entry;
            if (existing is null)
            {
                entry = new AppEntry(app, version, version, version);
                actions.Add(new DeploymentAction(DeploymentAction.Start, app.Id, steps.GetValueOrDefault(app.Id, 1)));
            }
            else if (SameConfig(existing.Definition, app))
            {
                entry = existing with { Definition = app, Version = version, LastScalingAt = version };
                actions.Add(new DeploymentAction(DeploymentAction.Scale, app.Id, steps.GetValueOrDefault(app.Id, 1)));
            }
            else
            {
                entry = new AppEntry(app, version, version, version);
                actions.Add(new DeploymentAction(DeploymentAction.Restart, app.Id, steps.GetValueOrDefault(app.Id, 1)));
            }
            events.Add(new AppSaved(entry));
        }
        events.Add(new DeploymentStarted(new Deployment(NewId(), version, actions.ToImmutable(), previous.ToImmutable(), Deadline(apps, version))));
        return events;
    }

    // The earliest deadline of the apps a deployment changes.
    private static DateTimeOffset? Deadline(IEnumerable<AppDefinition> apps, DateTimeOffset started) =>
        apps.Select(a => a.UpgradeStrategy.DeadlineSeconds).Where(s => s > 0).Select(s => (DateTimeOffset?)started.AddSeconds(s)).Min();

    // Service ports asked for as 0 are assigned from those no other app holds.
    private IReadOnlyList<AppDefinition> WithServicePorts(IReadOnlyList<AppDefinition> apps, IReadOnlyList<string> removed)
    {
        var changing = apps.Select(a => a.Id).Concat(removed).ToHashSet(StringComparer.Ordinal);
        var taken = Apps.Values.Where(a => !changing.Contains(a.Id)).SelectMany(a => ServicePorts.Of(a.Definition)).ToHashSet();
        return [.. apps.Select(app => ServicePorts.Assign(app, taken)
            ?? throw new ConflictException($"No service port is left between {ServicePorts.Min} and {ServicePorts.Max} for app [{app.Id}]."))];
    }

    /// <summary>Replaces every instance of the app with a new one, within its upgrade strategy.</summary>
    public IReadOnlyList<MarathonEvent> Restart(string appId, DateTimeOffset now, bool force)
    {
        var app = Require(appId);
        var events = Unlock([appId], force);
        var version = NextVersion(now);
        events.Add(new AppSaved(app with { Version = version, LastConfigChangeAt = version, LastScalingAt = version }));
        events.Add(new DeploymentStarted(new Deployment(NewId(), version, [new DeploymentAction(DeploymentAction.Restart, appId)],
            ImmutableSortedDictionary<string, AppDefinition?>.Empty.WithComparers(StringComparer.Ordinal).Add(appId, app.Definition), Deadline([app.Definition], version))));
        return events;
    }

    /// <summary>Removes apps (an app or every app of a group) and stops their instances.</summary>
    public IReadOnlyList<MarathonEvent> Remove(IReadOnlyList<string> appIds, DateTimeOffset now, bool force)
    {
        foreach (var appId in appIds) Require(appId);
        return Deploy([], appIds, [], [], now, force);
    }

    /// <summary>
    /// Lowers the app's instance count by the tasks about to be killed (DELETE .../tasks?scale=true), so they are
    /// not replaced; the caller kills them.
    /// </summary>
    public IReadOnlyList<MarathonEvent> ScaleDownBy(string appId, int killed, DateTimeOffset now, bool force)
    {
        var app = Require(appId);
        return Put([app.Definition with { Instances = Math.Max(0, app.Definition.Instances - killed) }], now, force);
    }

    /// <summary>
    /// Cancels a deployment (DELETE /v2/deployments/{id}, or its deadline passed, the <paramref name="reason"/>): with
    /// force it just stops (the apps stay as they are); otherwise a new deployment, without a deadline, takes its apps
    /// back to what they were before it, and the instances that still run that configuration stay.
    /// </summary>
    public IReadOnlyList<MarathonEvent> Cancel(string deploymentId, DateTimeOffset now, bool force, string? reason = null)
    {
        if (!Deployments.TryGetValue(deploymentId, out var deployment)) throw new UnknownException($"DeploymentPlan {deploymentId} does not exist");
        var events = new List<MarathonEvent> { new DeploymentEnded(deploymentId, Succeeded: false, reason) };
        if (force) return events;
        var version = NextVersion(now);
        var actions = ImmutableArray.CreateBuilder<DeploymentAction>();
        var previous = ImmutableSortedDictionary.CreateBuilder<string, AppDefinition?>(StringComparer.Ordinal);
        foreach (var (appId, before) in deployment.Previous)
        {
            var current = Apps.GetValueOrDefault(appId);
            previous[appId] = current?.Definition;
            if (before is null)
            {
                if (current is null) continue;
                events.Add(new AppRemoved(appId));
                actions.Add(new DeploymentAction(DeploymentAction.Stop, appId));
            }
            else if (current is not null && SameConfig(current.Definition, before))
            {
                events.Add(new AppSaved(current with { Definition = before, Version = version, LastScalingAt = version }));
                actions.Add(new DeploymentAction(DeploymentAction.Scale, appId));
            }
            else
            {
                // The configuration it had keeps its version, so that instances still running it stay.
                var restored = Versions.GetValueOrDefault(appId)?.LastOrDefault(v => v.Version < deployment.Version && SameConfig(v.Definition, before));
                events.Add(new AppSaved(new AppEntry(before, version, restored?.LastConfigChangeAt ?? version, version)));
                actions.Add(new DeploymentAction(current is null ? DeploymentAction.Start : DeploymentAction.Restart, appId));
            }
        }
        if (actions.Count > 0) events.Add(new DeploymentStarted(new Deployment(NewId(), version, actions.ToImmutable(), previous.ToImmutable())));
        return events;
    }

    public MarathonState Apply(MarathonEvent e) => e switch
    {
        AppSaved saved => With(apps: Apps.SetItem(saved.App.Id, saved.App), versions: Versions.SetItem(saved.App.Id, History(saved.App))),
        AppRemoved removed => With(apps: Apps.Remove(removed.AppId), versions: Versions.Remove(removed.AppId)),
        DeploymentStarted started => With(deployments: Deployments.SetItem(started.Deployment.Id, started.Deployment)),
        DeploymentEnded ended => With(deployments: Deployments.Remove(ended.DeploymentId)),
        InstanceLaunched launched => With(instances: Instances.SetItem(launched.Instance.TaskId, launched.Instance)),
        InstanceChanged changed => Changed(changed),
        GroupSaved saved => With(groups: Groups.SetItem(saved.Group.Id, saved.Group)),
        GroupRemoved removed => With(groups: Groups.Remove(removed.GroupId)),
        FrameworkRegistered registered => With(frameworkId: registered.FrameworkId),
        _ => throw new ArgumentOutOfRangeException(nameof(e), e, "Not an event of Marathon's state"),
    };

    private MarathonState Changed(InstanceChanged changed)
    {
        if (!Instances.TryGetValue(changed.TaskId, out var instance)) return this;
        if (changed.Terminal)
        {
            return With(instances: Instances.Remove(changed.TaskId));
        }
        var started = instance.StartedAt ?? (changed.State == Instance.Running ? changed.At : null);
        var health = changed.Healthy == instance.Healthy ? instance.Health
            : changed.Healthy switch
            {
                true => instance.Health.Passed(changed.At),
                false => instance.Health.Failed(changed.At, changed.Message),
                null => instance.Health,
            };
        return With(instances: Instances.SetItem(changed.TaskId, instance with
        {
            State = changed.State,
            Healthy = changed.Healthy,
            StartedAt = started,
            IpAddress = changed.IpAddress ?? instance.IpAddress,
            Health = health,
            UnreachableSince = changed.State != Instance.Unreachable ? null : instance.UnreachableSince ?? changed.At,
        }));
    }

    private ImmutableList<AppEntry> History(AppEntry app)
    {
        var history = Versions.GetValueOrDefault(app.Id) ?? [];
        history = history.Add(app);
        return history.Count > MaxVersions ? history.RemoveRange(0, history.Count - MaxVersions) : history;
    }

    private List<MarathonEvent> Unlock(IEnumerable<string> appIds, bool force)
    {
        var ids = appIds.ToHashSet(StringComparer.Ordinal);
        var blocking = Deployments.Values.Where(d => d.AffectedApps.Any(ids.Contains)).Select(d => d.Id).ToList();
        if (blocking.Count > 0 && !force) throw new AppLockedException(blocking);
        return [.. blocking.Select(id => new DeploymentEnded(id, Succeeded: false))];
    }

    private AppEntry Require(string appId) =>
        Apps.TryGetValue(appId, out var app) ? app : throw new UnknownException($"App '{appId}' does not exist");

    // Two changes within one millisecond still get distinct versions.
    private DateTimeOffset NextVersion(DateTimeOffset now)
    {
        var version = AppVersions.Truncate(now);
        var latest = Apps.Values.Select(a => a.Version).Concat(Deployments.Values.Select(d => d.Version)).DefaultIfEmpty(DateTimeOffset.MinValue).Max();
        return version > latest ? version : latest.AddMilliseconds(1);
    }

    /// <summary>Whether two definitions differ in nothing but the instance count.</summary>
    public static bool SameConfig(AppDefinition a, AppDefinition b) =>
        JsonSerializer.Serialize(a with { Instances = 0 }) == JsonSerializer.Serialize(b with { Instances = 0 });

    private static string NewId() => Guid.NewGuid().ToString("D");

    private MarathonState With(ImmutableSortedDictionary<string, AppEntry>? apps = null, ImmutableDictionary<string, ImmutableList<AppEntry>>? versions = null,
        ImmutableSortedDictionary<string, Deployment>? deployments = null, ImmutableSortedDictionary<string, Instance>? instances = null,
        ImmutableSortedDictionary<string, GroupEntry>? groups = null, string? frameworkId = null) =>
        new(apps ?? Apps, versions ?? Versions, deployments ?? Deployments, instances ?? Instances, groups ?? Groups, frameworkId ?? FrameworkId);
}
