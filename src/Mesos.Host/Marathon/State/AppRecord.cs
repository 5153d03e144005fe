using System.Collections.Immutable;

namespace Mesos.Host.Marathon.State;

/// <summary>
/// All that is kept of one app, as its entity holds it: its definition (null once removed), its versions, oldest first,
/// and its instances whose tasks have not ended (a removed app keeps them until they have).
/// </summary>
public sealed record AppRecord(string AppId, AppEntry? App, ImmutableList<AppEntry> Versions, ImmutableArray<Instance> Instances);
