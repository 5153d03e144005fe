using Mesos.Actors.Protocol;

namespace Mesos.Actors.Allocator;

/// <summary>Resources a framework already holds on an agent under one role, as an agent reports them when it (re)registers.</summary>
internal sealed record ResourceUse(string FrameworkId, string Role, Resources Resources);
