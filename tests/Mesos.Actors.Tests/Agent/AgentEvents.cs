using Google.Protobuf;
using Mesos.Internal;
using Mesos.V1;

namespace Mesos.Actors.Tests.Agent;

/// <summary>What a master sends, built for tests.</summary>
internal static class AgentEvents
{
    public static readonly FrameworkID FrameworkId = new() { Value = "f0f0-0000" };

    public static FrameworkInfo Framework(params FrameworkInfo.Types.Capability.Types.Type[] capabilities)
    {
        var framework = new FrameworkInfo { User = "root", Name = "test", Id = FrameworkId };
        framework.Capabilities.AddRange(capabilities.Select(c => new FrameworkInfo.Types.Capability { Type = c }));
        return framework;
    }

    /// <summary>A framework whose tasks and executors outlive a restart of their agent.</summary>
    public static FrameworkInfo CheckpointingFramework()
    {
        var framework = Framework();
        framework.Checkpoint = true;
        return framework;
    }

    public static AgentEvent Subscribed(string agentId, double pingIntervalSeconds = 15) => new()
    {
        Type = AgentEvent.Types.Type.Subscribed,
        Subscribed = new AgentEvent.Types.Subscribed
        {
            AgentId = new AgentID { Value = agentId },
            MasterInfo = new MasterInfo { Id = "master", Ip = 0x0100007f, Port = 5050 },
            PingIntervalSeconds = pingIntervalSeconds,
        },
    };

    public static AgentEvent Ping(ulong sequence) => new()
    {
        Type = AgentEvent.Types.Type.Ping,
        Ping = new AgentEvent.Types.Ping { Sequence = sequence },
    };

    public static TaskInfo Task(string taskId, string command, KillPolicy? killPolicy = null) => new()
    {
        Name = "task " + taskId,
        TaskId = new TaskID { Value = taskId },
        AgentId = new AgentID { Value = "agent-1" },
        Command = new CommandInfo { Shell = true, Value = command },
        KillPolicy = killPolicy,
    };

    public static AgentEvent RunTask(TaskInfo task, FrameworkInfo? framework = null) => new()
    {
        Type = AgentEvent.Types.Type.RunTask,
        RunTask = new AgentEvent.Types.RunTask { Framework = framework ?? Framework(), Task = task },
    };

    public static ExecutorInfo Executor(string executorId = "ex", ExecutorInfo.Types.Type type = ExecutorInfo.Types.Type.Custom)
    {
        var executor = new ExecutorInfo { Type = type, ExecutorId = new ExecutorID { Value = executorId }, FrameworkId = FrameworkId, Name = "test executor" };
        if (type == ExecutorInfo.Types.Type.Custom) executor.Command = new CommandInfo { Value = "./my-executor" };
        return executor;
    }

    /// <summary>A task for a framework's executor: the executor runs it as its data says.</summary>
    public static TaskInfo ExecutorTask(string taskId, ExecutorInfo executor) => new()
    {
        Name = "task " + taskId,
        TaskId = new TaskID { Value = taskId },
        AgentId = new AgentID { Value = "agent-1" },
        Executor = executor,
        Data = ByteString.CopyFromUtf8("finish"),
    };

    public static AgentEvent RunTaskGroup(ExecutorInfo executor, params TaskInfo[] tasks) => RunTaskGroup(Framework(), executor, tasks);

    public static AgentEvent RunTaskGroup(FrameworkInfo framework, ExecutorInfo executor, params TaskInfo[] tasks) => new()
    {
        Type = AgentEvent.Types.Type.RunTaskGroup,
        RunTaskGroup = new AgentEvent.Types.RunTaskGroup { Framework = framework, Executor = executor, TaskGroup = new TaskGroupInfo { Tasks = { tasks } } },
    };

    public static AgentEvent Message(string executorId, string data) => new()
    {
        Type = AgentEvent.Types.Type.Message,
        Message = new AgentEvent.Types.Message { FrameworkId = FrameworkId, ExecutorId = new ExecutorID { Value = executorId }, Data = ByteString.CopyFromUtf8(data) },
    };

    public static AgentEvent ShutdownExecutor(string executorId) => new()
    {
        Type = AgentEvent.Types.Type.ShutdownExecutor,
        ShutdownExecutor = new AgentEvent.Types.ShutdownExecutor { FrameworkId = FrameworkId, ExecutorId = new ExecutorID { Value = executorId } },
    };

    public static AgentEvent Kill(string taskId) => new()
    {
        Type = AgentEvent.Types.Type.KillTask,
        KillTask = new AgentEvent.Types.KillTask { FrameworkId = FrameworkId, TaskId = new TaskID { Value = taskId } },
    };

    public static AgentEvent ShutdownFramework() => new()
    {
        Type = AgentEvent.Types.Type.ShutdownFramework,
        ShutdownFramework = new AgentEvent.Types.ShutdownFramework { FrameworkId = FrameworkId },
    };

    public static AgentEvent Acknowledge(Mesos.V1.TaskStatus status) => new()
    {
        Type = AgentEvent.Types.Type.Acknowledge,
        Acknowledge = new AgentEvent.Types.Acknowledge { FrameworkId = FrameworkId, TaskId = status.TaskId, Uuid = status.Uuid },
    };

    public static ByteString Uuid(AgentCall update) => update.Update.Status.Uuid;
}
