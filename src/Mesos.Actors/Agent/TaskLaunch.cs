using Mesos.V1;

namespace Mesos.Actors.Agent;

/// <summary>Everything a <see cref="TaskSupervisor"/> needs to run one command task.</summary>
/// <param name="AgentEndpoint">ip:port of the agent, for MESOS_AGENT_ENDPOINT.</param>
internal sealed record TaskLaunch(
    AgentID AgentId,
    string AgentEndpoint,
    FrameworkInfo Framework,
    TaskInfo Task,
    string ContainerId,
    string SandboxDirectory)
{
    /// <summary>A command task runs under Mesos' command executor, whose id is the task's.</summary>
    public ExecutorID ExecutorId => new() { Value = Task.TaskId.Value };

    public FrameworkID FrameworkId => Framework.Id;

    public bool FrameworkHas(FrameworkInfo.Types.Capability.Types.Type capability) =>
        Framework.Capabilities.Any(c => c.Type == capability);

    /// <summary>What the task's processes find in their environment, as Mesos' command executor sets it, under the command's own variables.</summary>
    public IReadOnlyDictionary<string, string> Environment()
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["MESOS_SANDBOX"] = SandboxDirectory,
            ["MESOS_DIRECTORY"] = SandboxDirectory,
            ["MESOS_TASK_ID"] = Task.TaskId.Value,
            ["MESOS_FRAMEWORK_ID"] = FrameworkId.Value,
            ["MESOS_EXECUTOR_ID"] = ExecutorId.Value,
            ["MESOS_AGENT_ID"] = AgentId.Value,
            ["MESOS_SLAVE_ID"] = AgentId.Value,
            ["MESOS_AGENT_ENDPOINT"] = AgentEndpoint,
            ["MESOS_CONTAINER_NAME"] = ContainerId,
        };
        foreach (var variable in Task.Command?.Environment?.Variables ?? [])
        {
            if (variable.Type != Mesos.V1.Environment.Types.Variable.Types.Type.Secret) environment[variable.Name] = variable.Value;
        }
        return environment;
    }
}
