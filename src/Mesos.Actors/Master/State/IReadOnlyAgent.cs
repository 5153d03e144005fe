using Mesos.Actors.Protocol;
using Mesos.V1;

namespace Mesos.Actors.Master.State;

/// <summary>What the master's pure parts read of an agent: never its session.</summary>
internal interface IReadOnlyAgent
{
    AgentID Id { get; }

    /// <summary>The agent's resources with the dynamic reservations made on it.</summary>
    Resources Total { get; }

    /// <summary>The executors frameworks named that run here, by framework id and executor id.</summary>
    IReadOnlyDictionary<(string Framework, string Executor), ExecutorInfo> Executors { get; }
}
