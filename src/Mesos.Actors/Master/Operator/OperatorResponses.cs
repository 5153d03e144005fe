using Mesos.Actors.Protocol;
using Mesos.V1;
using Mesos.V1.Master;
using MesosTask = Mesos.V1.Task;

namespace Mesos.Actors.Master.Operator;

/// <summary>
/// The master's state as v1 operator API responses (GET_STATE and its parts), which the operator
/// event stream also carries: the whole state in SUBSCRIBED, one agent or framework in later events.
/// </summary>
public static class OperatorResponses
{
    public static Response.Types.GetState State(MasterState state) => new()
    {
        GetTasks = Tasks(state),
        GetExecutors = Executors(state),
        GetFrameworks = Frameworks(state),
        GetAgents = Agents(state),
    };

    public static Response.Types.GetExecutors Executors(MasterState state)
    {
        var executors = new Response.Types.GetExecutors();
        executors.Executors.AddRange(state.Executors.Select(e => new Response.Types.GetExecutors.Types.Executor { AgentId = e.Agent, ExecutorInfo = e.Executor }));
        return executors;
    }

    public static Response.Types.GetTasks Tasks(MasterState state)
    {
        var tasks = new Response.Types.GetTasks();
        foreach (var framework in state.Frameworks)
        {
            tasks.PendingTasks.AddRange(framework.Tasks.Where(t => t.State == TaskState.TaskStaging && t.Statuses.Count == 0).Select(Copy));
            tasks.Tasks.AddRange(framework.Tasks.Where(t => !(t.State == TaskState.TaskStaging && t.Statuses.Count == 0) && t.State != TaskState.TaskUnreachable).Select(Copy));
            tasks.UnreachableTasks.AddRange(framework.Tasks.Where(t => t.State == TaskState.TaskUnreachable).Select(Copy));
        }
        foreach (var framework in state.Frameworks.Concat(state.CompletedFrameworks)) tasks.CompletedTasks.AddRange(framework.CompletedTasks.Select(Copy));
        return tasks;
    }

    public static Response.Types.GetFrameworks Frameworks(MasterState state)
    {
        var frameworks = new Response.Types.GetFrameworks();
        frameworks.Frameworks.AddRange(state.Frameworks.Select(Framework));
        frameworks.CompletedFrameworks.AddRange(state.CompletedFrameworks.Select(Framework));
        return frameworks;
    }

    public static Response.Types.GetAgents Agents(MasterState state)
    {
        var agents = new Response.Types.GetAgents();
        agents.Agents.AddRange(state.Agents.Select(a => Agent(a, state.Info.Version)));
        agents.RecoveredAgents.AddRange(state.RecoveredAgents);
        return agents;
    }

    /// <summary>One agent; <paramref name="version"/> is the master's, as every agent runs the same build.</summary>
    public static Response.Types.GetAgents.Types.Agent Agent(AgentView agent, string version) => new()
    {
        AgentInfo = agent.Info,
        Active = agent.Active,
        Deactivated = !agent.Active,
        Version = version,
        Pid = agent.Pid,
        RegisteredTime = Time(agent.RegisteredTime),
        // Operators read the pre-refinement form, as Mesos writes it for its endpoints (role "*" when unreserved).
        TotalResources = { agent.Total.ToProtos(ResourceFormat.PreReservationRefinement) },
        AllocatedResources = { agent.Used.ToProtos(ResourceFormat.PreReservationRefinement) },
        OfferedResources = { agent.Offered.ToProtos(ResourceFormat.PreReservationRefinement) },
        Capabilities = { agent.Capabilities.Select(c => c.Clone()) },
    };

    public static Response.Types.GetMaster Master(MasterState state) => new()
    {
        MasterInfo = state.Info,
        StartTime = state.StartTime.ToUnixTimeMilliseconds() / 1000.0,
        ElectedTime = state.StartTime.ToUnixTimeMilliseconds() / 1000.0,
    };

    /// <summary>
    /// A framework's identity, status and times, without its offers and resources: what Mesos puts
    /// in FRAMEWORK_ADDED and FRAMEWORK_UPDATED.
    /// </summary>
    public static Response.Types.GetFrameworks.Types.Framework FrameworkStatus(FrameworkView view)
    {
        var framework = new Response.Types.GetFrameworks.Types.Framework
        {
            FrameworkInfo = ProtoDefaults.Filled(view.Info),
            Active = view.Active,
            Connected = view.Connected,
            Recovered = false,
            RegisteredTime = Time(view.RegisteredTime),
            // As in Mesos, a framework that never subscribed again was last registered when it first did.
            ReregisteredTime = Time(view.ReregisteredTime ?? view.RegisteredTime),
        };
        if (view.UnregisteredTime is { } gone) framework.UnregisteredTime = Time(gone);
        return framework;
    }

    private static Response.Types.GetFrameworks.Types.Framework Framework(FrameworkView view)
    {
        var framework = FrameworkStatus(view);
        framework.Offers.AddRange(view.Offers);
        framework.AllocatedResources.AddRange(view.Used.ToProtos());
        framework.OfferedResources.AddRange(view.Offered.ToProtos());
        return framework;
    }

    private static MesosTask Copy(MesosTask task) => task.Clone();

    private static TimeInfo Time(DateTimeOffset time) => new() { Nanoseconds = time.ToUnixTimeMilliseconds() * 1_000_000 };
}
