using Mesos.Actors.Master;
using Mesos.V1;
using Mesos.V1.Master;
using MesosTask = Mesos.V1.Task;

namespace Mesos.Host.Http;

/// <summary>The master's state as v1 operator API responses (GET_STATE and its parts).</summary>
internal static class OperatorResponses
{
    public static Response.Types.GetState State(MasterState state) => new()
    {
        GetTasks = Tasks(state),
        GetExecutors = new Response.Types.GetExecutors(),
        GetFrameworks = Frameworks(state),
        GetAgents = Agents(state),
    };

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
        agents.Agents.AddRange(state.Agents.Select(a => new Response.Types.GetAgents.Types.Agent
        {
            AgentInfo = a.Info,
            Active = a.Active,
            Deactivated = !a.Active,
            Version = VersionInfo.Version,
            Pid = $"slave(1)@{a.Info.Hostname}:{a.Info.Port}",
            RegisteredTime = Time(a.RegisteredTime),
            TotalResources = { a.Total.ToProtos() },
            AllocatedResources = { a.Used.ToProtos() },
            OfferedResources = { a.Offered.ToProtos() },
        }));
        return agents;
    }

    public static Response.Types.GetMaster Master(MasterState state) => new()
    {
        MasterInfo = state.Info,
        StartTime = state.StartTime.ToUnixTimeMilliseconds() / 1000.0,
        ElectedTime = state.StartTime.ToUnixTimeMilliseconds() / 1000.0,
    };

    private static Response.Types.GetFrameworks.Types.Framework Framework(FrameworkView view)
    {
        var framework = new Response.Types.GetFrameworks.Types.Framework
        {
            FrameworkInfo = view.Info,
            Active = view.Active,
            Connected = view.Connected,
            Recovered = false,
            RegisteredTime = Time(view.RegisteredTime),
            Offers = { view.Offers },
            AllocatedResources = { view.Used.ToProtos() },
            OfferedResources = { view.Offered.ToProtos() },
        };
        if (view.UnregisteredTime is { } gone) framework.UnregisteredTime = Time(gone);
        return framework;
    }

    private static MesosTask Copy(MesosTask task) => task.Clone();

    private static TimeInfo Time(DateTimeOffset time) => new() { Nanoseconds = time.ToUnixTimeMilliseconds() * 1_000_000 };
}
