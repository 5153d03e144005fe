using System.Collections.Immutable;

namespace Mesos.Host.Marathon.State;

/// <summary>
/// A group created or changed through /v2/groups: its id, the apps and groups every app in it depends on, and the
/// version of its last change. Groups that only hold apps need no entry: app ids imply them.
/// </summary>
public sealed record GroupEntry(string Id, ImmutableArray<string> Dependencies, DateTimeOffset Version);
