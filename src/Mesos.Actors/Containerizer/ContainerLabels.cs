using Mesos.V1;

namespace Mesos.Actors.Containerizer;

/// <summary>
/// The labels a container carries, by which an agent finds its containers again and tells whose they
/// are: its owners under <c>mesos.*</c>, then the task's or executor's own labels, as Mesos passes them on.
/// </summary>
public static class ContainerLabels
{
    public const string AgentId = "mesos.agent_id";
    public const string FrameworkId = "mesos.framework_id";
    public const string ExecutorId = "mesos.executor_id";
    public const string ContainerId = "mesos.container_id";
    public const string Sandbox = "mesos.sandbox";

    public static IReadOnlyDictionary<string, string> Of(string agentId, string frameworkId, string executorId, string containerId, string sandbox, Labels? own)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var label in own?.Labels_ ?? [])
        {
            labels[label.Key] = label.Value;
        }
        labels[AgentId] = agentId;
        labels[FrameworkId] = frameworkId;
        labels[ExecutorId] = executorId;
        labels[ContainerId] = containerId;
        labels[Sandbox] = sandbox;
        return labels;
    }
}
