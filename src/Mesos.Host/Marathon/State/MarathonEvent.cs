using System.Text.Json.Serialization;

namespace Mesos.Host.Marathon.State;

/// <summary>
/// What Marathon records, in order, so that a restart rebuilds the same apps, deployments and instances: an
/// instance is recorded before its task is launched, so a restart knows every task it may have started. An app's
/// own events are its entity's (<see cref="IsAppEvent"/>); the others, the scheduler's. In a list (an entity's batch
/// sent to another master) each names its type.
/// </summary>
[JsonPolymorphic]
[JsonDerivedType(typeof(AppSaved), nameof(AppSaved))]
[JsonDerivedType(typeof(AppRemoved), nameof(AppRemoved))]
[JsonDerivedType(typeof(InstanceLaunched), nameof(InstanceLaunched))]
[JsonDerivedType(typeof(InstanceChanged), nameof(InstanceChanged))]
public abstract record MarathonEvent
{
    /// <summary>Whether the event is one app's, kept by its entity rather than by the scheduler.</summary>
    public bool IsAppEvent => this is AppSaved or AppRemoved or InstanceLaunched or InstanceChanged;
}

/// <summary>An app was created or changed (a new version of it).</summary>
public sealed record AppSaved(AppEntry App) : MarathonEvent;

public sealed record AppRemoved(string AppId) : MarathonEvent;

public sealed record DeploymentStarted(Deployment Deployment) : MarathonEvent;

/// <summary>A deployment reached its goal (or was cancelled with force, or rolled back, for <paramref name="Reason"/>).</summary>
public sealed record DeploymentEnded(string DeploymentId, bool Succeeded, string? Reason = null) : MarathonEvent;

/// <summary>An instance is about to be launched; its task id is known to the master only once the launch is sent.</summary>
public sealed record InstanceLaunched(Instance Instance) : MarathonEvent;

/// <summary>
/// An instance's task changed state or health; a terminal state removes the instance. <paramref name="IpAddress"/> is
/// the container's address when the update told it, <paramref name="Message"/> the update's message.
/// </summary>
public sealed record InstanceChanged(string TaskId, string State, bool? Healthy, bool Terminal, DateTimeOffset At, string? IpAddress = null, string? Message = null)
    : MarathonEvent;

/// <summary>A group was created or changed through /v2/groups.</summary>
public sealed record GroupSaved(GroupEntry Group) : MarathonEvent;

public sealed record GroupRemoved(string GroupId) : MarathonEvent;

/// <summary>The master gave the framework this id; later subscriptions use it.</summary>
public sealed record FrameworkRegistered(string FrameworkId) : MarathonEvent;

/// <summary>The scheduler lists an app: its entity holds a definition or instances of it, and is asked for them after a restart.</summary>
public sealed record AppListed(string AppId) : MarathonEvent;

/// <summary>The app has neither definition nor instances any more: its entity is no longer asked.</summary>
public sealed record AppUnlisted(string AppId) : MarathonEvent;
