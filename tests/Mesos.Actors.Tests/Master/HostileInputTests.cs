using System.Threading.Channels;
using Mesos.Actors.Master;
using Mesos.Actors.Master.Roles;
using Mesos.Actors.Protocol;
using Mesos.Internal;
using Mesos.V1;
using Mesos.V1.Quota;
using Mesos.V1.Scheduler;

namespace Mesos.Actors.Tests.Master;

/// <summary>
/// Input a hostile or broken client sends the master directly: it is refused with the reason, and the
/// master keeps every framework, weight and quota it held.
/// </summary>
public sealed class HostileInputTests : MasterHarness
{
    private MasterState State()
    {
        Master.Tell(GetMasterState.Instance, TestActor);
        return ExpectMsg<MasterState>();
    }

    private object Ask(object request)
    {
        Master.Tell(request, TestActor);
        return ExpectMsg<object>(m => m is CallAccepted or CallRefused or FrameworkSubscribed or AgentSubscribed);
    }

    private FrameworkClient WithStateToKeep()
    {
        Ask(new UpdateWeights([new WeightInfo { Role = "prod", Weight = 3 }])).Should().Be(CallAccepted.Instance);
        var quota = new QuotaConfig { Role = "prod" };
        quota.Guarantees["cpus"] = new Value.Types.Scalar { Value = 1 };
        Ask(new UpdateQuota([quota], Force: true)).Should().Be(CallAccepted.Instance);
        return SubscribeFramework("keeper", role: "prod");
    }

    private void StateIsKept(FrameworkClient keeper)
    {
        var state = State();
        state.Frameworks.Select(f => f.Info.Id.Value).Should().Contain(keeper.Id.Value);
        state.Weights.Should().ContainKey("prod").WhoseValue.Should().Be(3);
        state.Quotas.Should().ContainKey("prod");
    }

    private static SubscribeFramework Subscribe(FrameworkInfo info) =>
        new(new Call.Types.Subscribe { FrameworkInfo = info }, Channel.CreateUnbounded<Event>().Writer);

    public static TheoryData<string> HostileIds() => ["a b", "a/b", "a\\b", "a\u0001b", "ünï", ".", "..", "", new string('x', 300)];

    [Theory]
    [MemberData(nameof(HostileIds))]
    public void A_framework_id_that_is_no_valid_name_is_refused_and_the_master_keeps_its_state(string id)
    {
        var keeper = WithStateToKeep();

        var answer = Ask(Subscribe(new FrameworkInfo { Name = "hostile", User = "root", Id = new FrameworkID { Value = id } }));

        answer.Should().BeOfType<CallRefused>().Which.Message.Should().Contain("Framework ID");
        StateIsKept(keeper);
    }

    [Theory]
    [MemberData(nameof(HostileIds))]
    public void An_agent_id_that_is_no_valid_name_is_refused_and_the_master_keeps_its_state(string id)
    {
        var keeper = WithStateToKeep();
        var subscribe = new AgentCall.Types.Subscribe { AgentInfo = new AgentInfo { Hostname = "agent.test", Port = 5051 } };

        var answer = Ask(new SubscribeAgent(subscribe, new AgentID { Value = id }, Channel.CreateUnbounded<AgentEvent>().Writer));

        answer.Should().BeOfType<CallRefused>().Which.Message.Should().Contain("Agent ID");
        StateIsKept(keeper);
        State().Agents.Should().BeEmpty();
    }

    [Fact]
    public void A_subscription_as_a_known_agent_claiming_more_resources_for_its_tasks_is_refused_and_the_agent_keeps_its_own()
    {
        var agent = SubscribeAgent("cpus:4;mem:4096");
        var task = new Mesos.V1.Task
        {
            Name = "huge",
            TaskId = new TaskID { Value = "huge" },
            FrameworkId = new FrameworkID { Value = "m1-0777" },
            AgentId = agent.Id,
            State = TaskState.TaskRunning,
            Resources = { Resources.Parse("cpus:1000;mem:64").ToProtos() },
        };
        var subscribe = new AgentCall.Types.Subscribe
        {
            AgentInfo = new AgentInfo { Hostname = "agent.test", Port = 5051, Resources = { Resources.Parse("cpus:1000000;mem:4096").ToProtos() } },
            Tasks = { task },
        };

        var answer = Ask(new SubscribeAgent(subscribe, agent.Id, Channel.CreateUnbounded<AgentEvent>().Writer));

        answer.Should().BeOfType<CallRefused>().Which.Message.Should().Contain("hold more than its resources");
        var view = State().Agents.Single();
        view.Used.IsEmpty.Should().BeTrue();
        view.Total.Scalar("cpus").Should().Be(4);
    }

    [Fact]
    public void A_framework_id_that_is_a_valid_name_but_no_actor_name_still_subscribes()
    {
        // '#' and '?' are printable ASCII, so the ID passes the check, but no actor name may hold them.
        var answer = Ask(Subscribe(new FrameworkInfo { Name = "odd", User = "root", Id = new FrameworkID { Value = "odd#1?" } }));

        answer.Should().BeOfType<FrameworkSubscribed>().Which.FrameworkId.Value.Should().Be("odd#1?");
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    [InlineData(-1)]
    [InlineData(1e20)]
    public void A_failover_timeout_that_is_no_duration_is_refused_on_subscribe_and_on_update(double timeout)
    {
        var keeper = WithStateToKeep();

        var answer = Ask(Subscribe(new FrameworkInfo { Name = "hostile", User = "root", FailoverTimeout = timeout }));
        answer.Should().BeOfType<CallRefused>().Which.Message.Should().Contain("failover_timeout");

        var update = new Call
        {
            Type = Call.Types.Type.UpdateFramework,
            FrameworkId = keeper.Id,
            UpdateFramework = new Call.Types.UpdateFramework { FrameworkInfo = new FrameworkInfo { Name = "keeper", User = "root", Role = "prod", Id = keeper.Id, FailoverTimeout = timeout } },
        };
        Send(keeper, update).Should().BeOfType<CallRefused>().Which.Message.Should().Contain("failover_timeout");
        State().Frameworks.Single(f => f.Info.Id.Value == keeper.Id.Value).Info.FailoverTimeout.Should().Be(0);
        StateIsKept(keeper);
    }

    [Fact]
    public void The_longest_failover_timeout_Mesos_can_represent_is_accepted()
    {
        var answer = Ask(Subscribe(new FrameworkInfo { Name = "patient", User = "root", FailoverTimeout = 9e9 }));

        answer.Should().BeOfType<FrameworkSubscribed>();
    }

    public static TheoryData<string> HostileRoles() => ["..", "a b", "a/../b", "a\u0007b", new string('r', 10 * 1024)];

    [Theory]
    [MemberData(nameof(HostileRoles))]
    public void A_role_name_Mesos_refuses_is_refused_on_subscribe_and_on_update(string role)
    {
        var keeper = WithStateToKeep();

        Ask(Subscribe(new FrameworkInfo { Name = "hostile", User = "root", Role = role })).Should().BeOfType<CallRefused>();
        Ask(Subscribe(new FrameworkInfo { Name = "hostile", User = "root", Roles = { "ok", role } })).Should().BeOfType<CallRefused>();
        var update = new Call
        {
            Type = Call.Types.Type.UpdateFramework,
            FrameworkId = keeper.Id,
            UpdateFramework = new Call.Types.UpdateFramework { FrameworkInfo = new FrameworkInfo { Name = "keeper", User = "root", Id = keeper.Id, Roles = { role } } },
        };
        Send(keeper, update).Should().BeOfType<CallRefused>();
        State().Frameworks.Single(f => f.Info.Id.Value == keeper.Id.Value).Info.Role.Should().Be("prod");
        StateIsKept(keeper);
    }

    [Theory]
    [InlineData(1e308)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NaN)]
    public void A_quota_beyond_what_resources_can_hold_is_refused(double amount)
    {
        var quota = new QuotaConfig { Role = "dev" };
        quota.Guarantees["cpus"] = new Value.Types.Scalar { Value = amount };
        Ask(new UpdateQuota([quota], Force: true)).Should().BeOfType<CallRefused>();

        var limit = new QuotaConfig { Role = "dev" };
        limit.Limits["cpus"] = new Value.Types.Scalar { Value = amount };
        Ask(new UpdateQuota([limit], Force: true)).Should().BeOfType<CallRefused>();

        var request = new QuotaRequest { Role = "dev", Force = true, Guarantee = { new Resource { Name = "cpus", Type = Value.Types.Type.Scalar, Scalar = new Value.Types.Scalar { Value = amount } } } };
        Ask(new SetQuota(request)).Should().BeOfType<CallRefused>();
        State().Quotas.Should().BeEmpty();
    }

    // Built in code: the JSON codec already refuses a LAUNCH_GROUP without its required fields, a
    // protobuf body or a message from inside the process does not.
    private static Offer.Types.Operation Malformed(string which) => which switch
    {
        "reserve" => new() { Type = Offer.Types.Operation.Types.Type.Reserve },
        "unreserve" => new() { Type = Offer.Types.Operation.Types.Type.Unreserve },
        "launch" => new() { Type = Offer.Types.Operation.Types.Type.Launch },
        "launch_group" => new() { Type = Offer.Types.Operation.Types.Type.LaunchGroup },
        "no executor" => new()
        {
            Type = Offer.Types.Operation.Types.Type.LaunchGroup,
            LaunchGroup = new() { TaskGroup = new() { Tasks = { new TaskInfo { Name = "t", TaskId = new() { Value = "t1" }, AgentId = new() { Value = "x" } } } } },
        },
        "no task group" => new()
        {
            Type = Offer.Types.Operation.Types.Type.LaunchGroup,
            LaunchGroup = new() { Executor = new() { Type = ExecutorInfo.Types.Type.Default, ExecutorId = new() { Value = "e" } } },
        },
        _ => throw new ArgumentException(which),
    };

    public static TheoryData<string> MalformedOperations() => ["reserve", "unreserve", "launch", "launch_group", "no executor", "no task group"];

    [Theory]
    [MemberData(nameof(MalformedOperations))]
    public void A_malformed_offer_operation_is_dropped_and_the_master_keeps_its_state(string which)
    {
        var keeper = WithStateToKeep();
        SubscribeAgent("cpus:4;mem:4096");
        var offer = Offers(keeper).Single();
        var operation = Malformed(which);
        var accept = new Call
        {
            Type = Call.Types.Type.Accept,
            FrameworkId = keeper.Id,
            Accept = new Call.Types.Accept { OfferIds = { offer.Id }, Operations = { operation } },
        };

        Send(keeper, accept).Should().Be(CallAccepted.Instance);

        StateIsKept(keeper);
        State().Frameworks.Single(f => f.Info.Id.Value == keeper.Id.Value).Tasks.Should().BeEmpty();
    }
}
