using Mesos.V1;
using Mesos.V1.Master;
using MesosTask = Mesos.V1.Task;
using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.Actors.Master.Operator;

/// <summary>
/// The events of the operator event stream (SUBSCRIBE on /api/v1), built as Mesos builds them. Every
/// event holds copies, never the master's own objects, because streams serialize them on other threads.
/// </summary>
internal static class OperatorEvents
{
    /// <summary>Mesos heartbeats operator streams as it heartbeats framework streams.</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(15);

    /// <summary>The first event of every stream: the whole state, as GET_STATE answers it.</summary>
    public static Event Subscribed(MasterState state) => new()
    {
        Type = Event.Types.Type.Subscribed,
        Subscribed = new Event.Types.Subscribed
        {
            GetState = OperatorResponses.State(state).Clone(),
            HeartbeatIntervalSeconds = HeartbeatInterval.TotalSeconds,
        },
    };

    public static Event Heartbeat() => new() { Type = Event.Types.Type.Heartbeat };

    public static Event TaskAdded(MesosTask task) => new()
    {
        Type = Event.Types.Type.TaskAdded,
        TaskAdded = new Event.Types.TaskAdded { Task = task.Clone() },
    };

    /// <summary>A task changed state: <paramref name="status"/> is the update that changed it.</summary>
    public static Event TaskUpdated(MesosTask task, TaskStatus status) => new()
    {
        Type = Event.Types.Type.TaskUpdated,
        TaskUpdated = new Event.Types.TaskUpdated { FrameworkId = task.FrameworkId.Clone(), Status = status.Clone(), State = task.State },
    };

    public static Event FrameworkAdded(FrameworkView framework) => new()
    {
        Type = Event.Types.Type.FrameworkAdded,
        FrameworkAdded = new Event.Types.FrameworkAdded { Framework = OperatorResponses.FrameworkStatus(framework).Clone() },
    };

    public static Event FrameworkUpdated(FrameworkView framework) => new()
    {
        Type = Event.Types.Type.FrameworkUpdated,
        FrameworkUpdated = new Event.Types.FrameworkUpdated { Framework = OperatorResponses.FrameworkStatus(framework).Clone() },
    };

    public static Event FrameworkRemoved(FrameworkInfo info) => new()
    {
        Type = Event.Types.Type.FrameworkRemoved,
        FrameworkRemoved = new Event.Types.FrameworkRemoved { FrameworkInfo = info.Clone() },
    };

    public static Event AgentAdded(AgentView agent, string version) => new()
    {
        Type = Event.Types.Type.AgentAdded,
        AgentAdded = new Event.Types.AgentAdded { Agent = OperatorResponses.Agent(agent, version).Clone() },
    };

    public static Event AgentRemoved(AgentID agentId) => new()
    {
        Type = Event.Types.Type.AgentRemoved,
        AgentRemoved = new Event.Types.AgentRemoved { AgentId = agentId.Clone() },
    };
}
