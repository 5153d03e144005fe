using Mesos.V1;

namespace Mesos.Actors.Master.State;

/// <summary>What the master's pure parts read of a framework: never its session.</summary>
internal interface IReadOnlyFramework
{
    FrameworkID Id { get; }
    FrameworkInfo Info { get; }

    /// <summary>The role offers are made for when an offer names none.</summary>
    string Role { get; }

    bool IsPartitionAware { get; }
}
