using Google.Protobuf;
using Mesos.V1;
using Mesos.V1.Executor;
using Task = System.Threading.Tasks.Task;
using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.TestExecutor;

/// <summary>
/// What the test executor does with its events. A launched task reports TASK_RUNNING, then acts as its
/// data says: "finish" ends it TASK_FINISHED, "fail" TASK_FAILED, "exit" ends the executor's process with
/// status 3 and leaves the task to the agent, "report-environment" sends the executor's MESOS_* environment
/// to the scheduler as a framework message (<c>NAME=value</c> lines) and keeps it running; anything else ("echo-messages") keeps it running until it is
/// killed. Every framework message comes back prefixed "echo:". SHUTDOWN kills what runs and exits.
/// </summary>
internal sealed class TestExecutor(AgentConnection agent, TextWriter log)
{
    public const int ExitStatusOnRequest = 3;

    private readonly HashSet<string> _running = [];

    public async Task<int> RunAsync()
    {
        using (agent)
        {
            await foreach (var e in agent.SubscribeAsync())
            {
                log.WriteLine($"Event {e.Type}");
                if (await HandleAsync(e) is { } exitStatus) return exitStatus;
            }
        }
        log.WriteLine("The agent closed the event stream");
        return 0;
    }

    private async Task<int?> HandleAsync(Event e)
    {
        switch (e.Type)
        {
            case Event.Types.Type.Launch:
                return await LaunchAsync(e.Launch.Task);
            case Event.Types.Type.LaunchGroup:
                foreach (var task in e.LaunchGroup.TaskGroup.Tasks)
                {
                    if (await LaunchAsync(task) is { } exitStatus) return exitStatus;
                }
                return null;
            case Event.Types.Type.Kill:
                await EndAsync(e.Kill.TaskId, TaskState.TaskKilled);
                return null;
            case Event.Types.Type.Message:
                await agent.MessageAsync(ByteString.CopyFromUtf8("echo:" + e.Message.Data.ToStringUtf8()));
                return null;
            case Event.Types.Type.Shutdown:
                foreach (var taskId in _running.ToList()) await EndAsync(new TaskID { Value = taskId }, TaskState.TaskKilled);
                return 0;
            default:
                return null;
        }
    }

    private async Task<int?> LaunchAsync(TaskInfo task)
    {
        _running.Add(task.TaskId.Value);
        await agent.UpdateAsync(Status(task.TaskId, TaskState.TaskRunning));
        switch (task.Data.ToStringUtf8())
        {
            case "finish":
                await EndAsync(task.TaskId, TaskState.TaskFinished);
                return null;
            case "fail":
                await EndAsync(task.TaskId, TaskState.TaskFailed);
                return null;
            case "report-environment":
                await agent.MessageAsync(ByteString.CopyFromUtf8(MesosEnvironment()));
                return null;
            case "exit":
                log.WriteLine($"Exiting with status {ExitStatusOnRequest}, as task {task.TaskId.Value} asks");
                return ExitStatusOnRequest;
            default:
                return null;
        }
    }

    private static string MesosEnvironment() => string.Join('\n',
        System.Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(name => name.StartsWith("MESOS_", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(name => $"{name}={System.Environment.GetEnvironmentVariable(name)}"));

    private async Task EndAsync(TaskID taskId, TaskState state)
    {
        if (!_running.Remove(taskId.Value)) return;
        await agent.UpdateAsync(Status(taskId, state));
    }

    private TaskStatus Status(TaskID taskId, TaskState state) => new()
    {
        TaskId = taskId,
        State = state,
        Source = TaskStatus.Types.Source.Executor,
        ExecutorId = agent.ExecutorId,
        Uuid = ByteString.CopyFrom(Guid.NewGuid().ToByteArray()),
    };
}
