namespace Mesos.Actors.Agent;

/// <summary>Mesos' layout of the work directory, which tools that browse sandboxes rely on.</summary>
internal static class SandboxLayout
{
    public static string RunDirectory(string workDir, string agentId, string frameworkId, string executorId, string containerId) =>
        Path.Combine(workDir, "slaves", agentId, "frameworks", frameworkId, "executors", executorId, "runs", containerId);

    /// <summary>The sandbox of a task of the default executor, inside the executor's.</summary>
    public static string TaskDirectory(string executorSandbox, string taskId) => Path.Combine(executorSandbox, "tasks", taskId);
}
