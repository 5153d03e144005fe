using Google.Protobuf;
using MesosTask = Mesos.V1.Task;
using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.Actors.Master.Tasks;

/// <summary>
/// The tasks the master tracks, in two books that part ways when a task ends. A framework's tasks are
/// its own from their launch until it acknowledges their terminal update (or the master ends them
/// itself); then they join its completed tasks, the newest <paramref name="maxCompletedPerFramework"/>. The
/// tasks on an agent hold its resources until they reach a terminal state; an agent that registers may
/// bring tasks of frameworks the master does not know. For each task, active or completed, the book keeps the
/// uuid of the last update its framework acknowledged.
/// </summary>
internal sealed class TaskBook(int maxCompletedPerFramework)
{
    private static readonly Dictionary<string, MesosTask> NoTasks = [];
    private static readonly Dictionary<(string Framework, string Task), MesosTask> NoAgentTasks = [];

    private readonly Dictionary<string, Dictionary<string, MesosTask>> _active = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LinkedList<MesosTask>> _completed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<(string Framework, string Task), MesosTask>> _onAgents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, ByteString>> _acknowledged = new(StringComparer.Ordinal);

    /// <summary>The framework's task with this id, until the framework is done with it.</summary>
    public MesosTask? Find(string frameworkId, string taskId) =>
        _active.TryGetValue(frameworkId, out var tasks) ? tasks.GetValueOrDefault(taskId) : null;

    public bool IsActive(string frameworkId, string taskId) => _active.TryGetValue(frameworkId, out var tasks) && tasks.ContainsKey(taskId);

    /// <summary>The framework's tasks, terminal ones included until it acknowledges them.</summary>
    public IReadOnlyCollection<MesosTask> ActiveOf(string frameworkId) => _active.GetValueOrDefault(frameworkId, NoTasks).Values;

    /// <summary>The framework's completed tasks, oldest first.</summary>
    public IReadOnlyCollection<MesosTask> CompletedOf(string frameworkId) => _completed.TryGetValue(frameworkId, out var tasks) ? tasks : [];

    /// <summary>The tasks that hold the agent's resources, by framework id and task id.</summary>
    public IReadOnlyDictionary<(string Framework, string Task), MesosTask> OnAgent(string agentId) => _onAgents.GetValueOrDefault(agentId, NoAgentTasks);

    /// <summary>A task launched: the framework's, and on its agent.</summary>
    public void Add(MesosTask task)
    {
        Own(task);
        Place(task);
    }

    /// <summary>Makes the task the framework's, in place of any it had with that id; true when it had none.</summary>
    public bool Own(MesosTask task)
    {
        if (!_active.TryGetValue(task.FrameworkId.Value, out var tasks)) _active[task.FrameworkId.Value] = tasks = new(StringComparer.Ordinal);
        var known = tasks.ContainsKey(task.TaskId.Value);
        tasks[task.TaskId.Value] = task;
        return !known;
    }

    /// <summary>Puts the task on its agent, in place of any there with its framework and id.</summary>
    public void Place(MesosTask task)
    {
        if (!_onAgents.TryGetValue(task.AgentId.Value, out var tasks)) _onAgents[task.AgentId.Value] = tasks = [];
        tasks[(task.FrameworkId.Value, task.TaskId.Value)] = task;
    }

    /// <summary>
    /// The task no longer holds resources on the agent: the task that held them there, or null when none
    /// did. What goes back to the allocator is what it held, which is not the framework's record of the task
    /// when that says otherwise.
    /// </summary>
    public MesosTask? LeaveAgent(string agentId, string frameworkId, string taskId) =>
        _onAgents.TryGetValue(agentId, out var tasks) && tasks.Remove((frameworkId, taskId), out var task) ? task : null;

    /// <summary>Takes every task of the framework off the agent; true when there were any.</summary>
    public bool LeaveAgent(string agentId, string frameworkId)
    {
        if (!_onAgents.TryGetValue(agentId, out var tasks)) return false;
        var keys = tasks.Keys.Where(k => k.Framework == frameworkId).ToArray();
        foreach (var key in keys) tasks.Remove(key);
        return keys.Length > 0;
    }

    /// <summary>The framework is done with the task: it moves to the completed ones, the oldest of which may go.</summary>
    public void Complete(string frameworkId, MesosTask task)
    {
        if (_active.TryGetValue(frameworkId, out var tasks)) tasks.Remove(task.TaskId.Value);
        var completed = Completed(frameworkId);
        completed.AddLast(task);
        while (completed.Count > maxCompletedPerFramework)
        {
            _acknowledged.GetValueOrDefault(frameworkId)?.Remove(completed.First!.Value.TaskId.Value);
            completed.RemoveFirst();
        }
    }

    /// <summary>The framework acknowledged the update of the task with this uuid.</summary>
    public void Acknowledged(string frameworkId, string taskId, ByteString uuid)
    {
        if (!_acknowledged.TryGetValue(frameworkId, out var tasks)) _acknowledged[frameworkId] = tasks = new(StringComparer.Ordinal);
        tasks[taskId] = uuid;
    }

    /// <summary>Whether the update with this uuid is the task's last that its framework acknowledged.</summary>
    public bool IsAcknowledged(string frameworkId, string taskId, ByteString uuid) =>
        _acknowledged.TryGetValue(frameworkId, out var tasks) && tasks.TryGetValue(taskId, out var acknowledged) && acknowledged == uuid;

    /// <summary>
    /// The framework is removed: all its tasks move to the completed ones, none dropped, for the last
    /// view of it that the master keeps. <see cref="Forget"/> follows.
    /// </summary>
    public void CompleteAll(string frameworkId)
    {
        if (!_active.Remove(frameworkId, out var tasks)) return;
        var completed = Completed(frameworkId);
        foreach (var task in tasks.Values) completed.AddLast(task);
    }

    /// <summary>Drops what the framework's books hold; the tasks on agents are taken off with <see cref="LeaveAgent(string, string)"/>.</summary>
    public void Forget(string frameworkId)
    {
        _active.Remove(frameworkId);
        _completed.Remove(frameworkId);
        _acknowledged.Remove(frameworkId);
    }

    /// <summary>
    /// Makes <paramref name="status"/> the task's latest; true when the task's state changed. As Mesos'
    /// master, a task keeps one status per state it went through (its history, which operators read),
    /// a repeated state replacing the last; only the latest keeps its <c>data</c>, which frameworks
    /// may make large.
    /// </summary>
    public static bool Record(MesosTask task, TaskStatus status)
    {
        var previous = task.State;
        task.State = status.State;
        var last = task.Statuses.Count - 1;
        if (last >= 0 && task.Statuses[last].State == status.State) task.Statuses.RemoveAt(last);
        else if (last >= 0 && task.Statuses[last].HasData) task.Statuses[last] = WithoutData(task.Statuses[last]);
        task.Statuses.Add(status);
        if (status.HasUuid)
        {
            task.StatusUpdateState = status.State;
            task.StatusUpdateUuid = status.Uuid;
        }
        return task.State != previous;
    }

    // A copy: the status may also be in an update on its way to the framework, which keeps its data.
    private static TaskStatus WithoutData(TaskStatus status)
    {
        var copy = status.Clone();
        copy.ClearData();
        return copy;
    }

    private LinkedList<MesosTask> Completed(string frameworkId)
    {
        if (!_completed.TryGetValue(frameworkId, out var completed)) _completed[frameworkId] = completed = [];
        return completed;
    }
}
