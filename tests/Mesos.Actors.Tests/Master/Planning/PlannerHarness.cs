using Akka.Actor;
using Mesos.Actors.Master.Offers;
using Mesos.Actors.Master.Planning;
using Mesos.Actors.Master.State;
using Mesos.Actors.Master.Tasks;
using Mesos.Actors.Protocol;
using Mesos.V1;
using Mesos.V1.Scheduler;
using OperationType = Mesos.V1.Offer.Types.Operation.Types.Type;
using ReservationType = Mesos.V1.Resource.Types.ReservationInfo.Types.Type;

namespace Mesos.Actors.Tests.Master.Planning;

/// <summary>
/// The master's state as the accept planner reads it, filled by a test as the master fills it, and
/// the plans the planner returns for it (as Nomad's Harness holds a scheduler's state and plans). No
/// actors run: sessions are <see cref="ActorRefs.Nobody"/>, which the planner never sees.
/// </summary>
internal sealed class PlannerHarness
{
    public static readonly DateTimeOffset Now = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly Dictionary<string, AgentState> _agents = [];
    private long _offers;

    public PlannerHarness(string role = "*", bool partitionAware = false, string? principal = null)
    {
        var info = new FrameworkInfo { Id = new FrameworkID { Value = "f1" }, Name = "test", User = "root", Role = role };
        if (principal is not null) info.Principal = principal;
        if (partitionAware) info.Capabilities.Add(new FrameworkInfo.Types.Capability { Type = FrameworkInfo.Types.Capability.Types.Type.PartitionAware });
        Framework = new FrameworkState(info, ActorRefs.Nobody);
    }

    public FrameworkState Framework { get; }

    public OfferBook Offers { get; } = new();

    public TaskBook Tasks { get; } = new(1000);

    public static Resources R(string text) => Resources.Parse(text);

    public AgentState Agent(string resources)
    {
        var id = new AgentID { Value = $"S{_agents.Count}" };
        var agent = new AgentState(new AgentInfo { Id = id, Hostname = $"{id.Value}.test", Resources = { R(resources).ToProtos() } }, ActorRefs.Nobody);
        _agents[id.Value] = agent;
        return agent;
    }

    /// <summary>An outstanding offer of the agent's <paramref name="resources"/>, allocated to <paramref name="role"/>, to the framework or another.</summary>
    public OfferID Offer(AgentState agent, string resources, string role = "*", string framework = "f1")
    {
        var allocated = R(resources).AllocatedTo(role);
        var offer = new Offer
        {
            Id = new OfferID { Value = $"O{_offers++}" },
            FrameworkId = new FrameworkID { Value = framework },
            AgentId = agent.Id,
            Hostname = agent.Info.Hostname,
            AllocationInfo = new Resource.Types.AllocationInfo { Role = role },
            Resources = { allocated.ToProtos() },
        };
        Offers.Add(new OutstandingOffer(offer, allocated, role));
        return offer.Id;
    }

    public AcceptPlan Accept(IEnumerable<OfferID> offerIds, params Offer.Types.Operation[] operations) =>
        Accept(new Call.Types.Accept { OfferIds = { offerIds }, Operations = { operations } });

    public AcceptPlan Accept(Call.Types.Accept accept) =>
        AcceptPlanner.Plan(Framework, accept, new PlanningState(Offers, Tasks, id => _agents[id]), Now);

    public static TaskInfo Task(string id, string resources, ExecutorInfo? executor = null)
    {
        var task = new TaskInfo { Name = id, TaskId = new TaskID { Value = id }, Resources = { R(resources).ToProtos() } };
        if (executor is null) task.Command = new CommandInfo { Value = "true" };
        else task.Executor = executor;
        return task;
    }

    public static Offer.Types.Operation Launch(params TaskInfo[] tasks) =>
        new() { Type = OperationType.Launch, Launch = new Offer.Types.Operation.Types.Launch { TaskInfos = { tasks } } };

    public static Offer.Types.Operation LaunchGroup(ExecutorInfo executor, params TaskInfo[] tasks) => new()
    {
        Type = OperationType.LaunchGroup,
        LaunchGroup = new Offer.Types.Operation.Types.LaunchGroup { Executor = executor, TaskGroup = new TaskGroupInfo { Tasks = { tasks } } },
    };

    public static ExecutorInfo Executor(string id, string resources, ExecutorInfo.Types.Type type = ExecutorInfo.Types.Type.Custom)
    {
        var executor = new ExecutorInfo { ExecutorId = new ExecutorID { Value = id }, Type = type, Resources = { R(resources).ToProtos() } };
        if (type == ExecutorInfo.Types.Type.Custom) executor.Command = new CommandInfo { Value = "executor" };
        return executor;
    }

    /// <summary>Resources dynamically reserved for <paramref name="role"/> by <paramref name="principal"/>, as RESERVE names them.</summary>
    public static IReadOnlyList<Resource> Reserved(string resources, string role, string principal = "ops")
    {
        var protos = R(resources).ToProtos().ToList();
        foreach (var resource in protos) resource.Reservations.Add(new Resource.Types.ReservationInfo { Type = ReservationType.Dynamic, Role = role, Principal = principal });
        return protos;
    }

    public static Offer.Types.Operation Reserve(IEnumerable<Resource> resources) =>
        new() { Type = OperationType.Reserve, Reserve = new Offer.Types.Operation.Types.Reserve { Resources = { resources } } };
}
