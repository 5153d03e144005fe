using Mesos.Actors.Containerizer;
using Mesos.V1;

namespace Mesos.Actors.Agent;

/// <summary>Everything a <see cref="TaskSupervisor"/> needs to run one task's command.</summary>
/// <param name="AgentEndpoint">ip:port of the agent, for MESOS_AGENT_ENDPOINT.</param>
/// <param name="WorkDirectory">The agent's work directory, under which <paramref name="SandboxDirectory"/> lies.</param>
/// <param name="GroupExecutor">The default executor the task runs under as part of a task group; null for a command task.</param>
/// <param name="ParentContainerId">The default executor's container, of which the task's is a nested one.</param>
internal sealed record TaskLaunch(
    AgentID AgentId,
    string AgentEndpoint,
    FrameworkInfo Framework,
    TaskInfo Task,
    string ContainerId,
    string WorkDirectory,
    string SandboxDirectory,
    ExecutorInfo? GroupExecutor = null,
    string? ParentContainerId = null)
{
    /// <summary>A command task runs under Mesos' command executor, whose id is the task's.</summary>
    public ExecutorID ExecutorId => GroupExecutor?.ExecutorId ?? new ExecutorID { Value = Task.TaskId.Value };

    /// <summary>Where the task's process records how it ended, for a restarted agent; null when the task does not outlive its agent.</summary>
    public string? ExitStatusFile { get; init; }

    public FrameworkID FrameworkId => Framework.Id;

    /// <summary>Who the task runs as, as Mesos decides: its command's user, else the framework's.</summary>
    public string User => Task.Command is { HasUser: true } command ? command.User : Framework.User;

    /// <summary>
    /// The task's executor as operators see it: the group's, or the one Mesos makes up for a command task, named as
    /// Mesos names it. Ours runs the task's command itself, so that is the made-up executor's command, as its
    /// container starts it; it holds no resources of its own.
    /// </summary>
    public ExecutorInfo Executor() => GroupExecutor ?? new ExecutorInfo
    {
        ExecutorId = ExecutorId,
        FrameworkId = FrameworkId,
        Name = "Command Executor (Task: " + Task.TaskId.Value + ") (Command: " + CommandSummary(Task.Command) + ")",
        Source = Task.TaskId.Value,
        Command = Task.Command is { HasValue: true, Value.Length: > 0 } command ? CommandLine.Of(command).ToCommandInfo() : null,
    };

    /// <summary>How the task's status names its container: nested in the default executor's, for a task of a group.</summary>
    public ContainerID Container() => ParentContainerId is null
        ? new ContainerID { Value = ContainerId }
        : new ContainerID { Value = ContainerId, Parent = new ContainerID { Value = ParentContainerId } };

    /// <summary>
    /// What every update of the task says of its container, as Mesos' agent adds it: the container and its
    /// address, which is the agent's own when the container shares the agent's network.
    /// </summary>
    public ContainerStatus ContainerStatus(string? containerIp)
    {
        var ip = containerIp ?? AgentEndpoint[..AgentEndpoint.LastIndexOf(':')].Trim('[', ']');
        var protocol = System.Net.IPAddress.TryParse(ip, out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? NetworkInfo.Types.Protocol.Ipv6
            : NetworkInfo.Types.Protocol.Ipv4;
        return new ContainerStatus
        {
            ContainerId = Container(),
            NetworkInfos = { new NetworkInfo { IpAddresses = { new NetworkInfo.Types.IPAddress { Protocol = protocol, IpAddress = ip } } } },
        };
    }

    private static string CommandSummary(CommandInfo command)
    {
        if (!command.Shell) return "[" + command.Value + ", " + string.Join(", ", command.Arguments) + "]";
        if (!command.HasValue) return "NO COMMAND";
        return "sh -c '" + (command.Value.Length > 15 ? command.Value[..12] + "..." : command.Value) + "'";
    }

    /// <summary>What the task's container is labelled with, so that the agent can find it again: its owners, and the task's own labels.</summary>
    public IReadOnlyDictionary<string, string> Labels() =>
        ContainerLabels.Of(AgentId.Value, FrameworkId.Value, ExecutorId.Value, ContainerId, SandboxDirectory, Task.Labels);

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
            // The command executor's environment, which the task inherits in Mesos.
            ["MESOS_SLAVE_PID"] = AgentPid.Of(AgentEndpoint),
            ["MESOS_CONTAINER_NAME"] = ContainerId,
        };
        return EnvironmentVariables.Over(environment, Task.Command?.Environment);
    }
}
