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

    /// <summary>The executor Mesos makes up for a command task, named as Mesos names it, as operators see it.</summary>
    public ExecutorInfo Executor() => new()
    {
        ExecutorId = ExecutorId,
        FrameworkId = FrameworkId,
        Name = "Command Executor (Task: " + Task.TaskId.Value + ") (Command: " + CommandSummary(Task.Command) + ")",
        Source = Task.TaskId.Value,
    };

    private static string CommandSummary(CommandInfo command)
    {
        if (!command.Shell) return "[" + command.Value + ", " + string.Join(", ", command.Arguments) + "]";
        if (!command.HasValue) return "NO COMMAND";
        return "sh -c '" + (command.Value.Length > 15 ? command.Value[..12] + "..." : command.Value) + "'";
    }

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
