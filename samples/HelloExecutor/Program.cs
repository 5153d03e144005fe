using System.Diagnostics;
using Akka.Actor;
using Google.Protobuf;
using Mesos.Actors.Framework;
using Mesos.V1;

return await ExecutorHost.RunAsync(settings => Props.Create(() => new HelloExecutor(settings)));

/// <summary>
/// Runs each task's data as a shell command in the executor's sandbox (a task without data just says
/// hello) and reports how it ended; a kill ends the command. A framework message is answered with the
/// number of tasks running. The commands run on while the agent restarts; when the executor ends (shut
/// down, or no agent came back) it kills those still running.
/// </summary>
public sealed class HelloExecutor : ExecutorActor
{
    private readonly Dictionary<string, Process> _commands = [];
    private readonly HashSet<string> _killed = [];

    public HelloExecutor(ExecutorSettings settings) : base(settings) => Receive<Ended>(Report);

    protected override void OnLaunch(TaskInfo task)
    {
        Update(task.TaskId, TaskState.TaskRunning);
        var command = task.Data.IsEmpty ? $"echo hello from {task.TaskId.Value}" : task.Data.ToStringUtf8();
        var process = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", command]) { UseShellExecute = false })!;
        _commands[task.TaskId.Value] = process;
        process.WaitForExitAsync().PipeTo(Self, success: () => new Ended(task.TaskId, process.ExitCode));
    }

    protected override void OnKill(TaskID taskId, KillPolicy? policy)
    {
        if (!_commands.TryGetValue(taskId.Value, out var process)) return;
        _killed.Add(taskId.Value);
        process.Kill(entireProcessTree: true);
    }

    protected override void PostStop()
    {
        foreach (var process in _commands.Values)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It ended meanwhile.
            }
            process.Dispose();
        }
        base.PostStop();
    }

    protected override void OnMessage(ByteString data) => SendMessage(ByteString.CopyFromUtf8($"{RunningTasks.Count} tasks running"));

    private void Report(Ended ended)
    {
        if (!_commands.Remove(ended.TaskId.Value, out var process)) return;
        process.Dispose();
        var state = _killed.Remove(ended.TaskId.Value) ? TaskState.TaskKilled : ended.ExitCode == 0 ? TaskState.TaskFinished : TaskState.TaskFailed;
        Update(ended.TaskId, state, $"Command exited with status {ended.ExitCode}");
    }

    private sealed record Ended(TaskID TaskId, int ExitCode);
}
