using Mesos.Actors.Protocol;
using Mesos.Actors.Master;
using Mesos.Internal;
using Mesos.V1;
using Mesos.V1.Scheduler;
using Resources = Mesos.Actors.Protocol.Resources;

namespace Mesos.Actors.Tests.Master;

public sealed class ExecutorTests : MasterHarness
{
    private static ExecutorInfo Custom(string id = "ex", string resources = "cpus:0.5;mem:64") => new()
    {
        ExecutorId = new ExecutorID { Value = id },
        Command = new CommandInfo { Value = "./executor" },
        Resources = { Resources.Parse(resources).ToProtos() },
    };

    private static ExecutorInfo Default(string id = "group-ex", string resources = "cpus:0.1;mem:32;disk:32") => new()
    {
        Type = ExecutorInfo.Types.Type.Default,
        ExecutorId = new ExecutorID { Value = id },
        Resources = { Resources.Parse(resources).ToProtos() },
    };

    private static TaskInfo Task(Offer offer, string id, ExecutorInfo? executor = null, string resources = "cpus:1;mem:128")
    {
        var task = new TaskInfo
        {
            Name = id,
            TaskId = new TaskID { Value = id },
            AgentId = offer.AgentId,
            Resources = { Resources.Parse(resources).ToProtos() },
        };
        if (executor is null) task.Command = new CommandInfo { Value = "true" };
        else task.Executor = executor;
        return task;
    }

    private static TaskInfo GroupTask(Offer offer, string id, ExecutorInfo? executor = null)
    {
        var task = Task(offer, id);
        if (executor is not null) task.Executor = executor;
        return task;
    }

    private static Call Accept(Offer offer, Offer.Types.Operation operation) => new()
    {
        Type = Call.Types.Type.Accept,
        Accept = new Call.Types.Accept { OfferIds = { offer.Id }, Operations = { operation } },
    };

    private static Call Launch(Offer offer, params TaskInfo[] tasks) => Accept(offer, new Offer.Types.Operation
    {
        Type = Offer.Types.Operation.Types.Type.Launch,
        Launch = new Offer.Types.Operation.Types.Launch { TaskInfos = { tasks } },
    });

    private static Call LaunchGroup(Offer offer, ExecutorInfo executor, params TaskInfo[] tasks) => Accept(offer, new Offer.Types.Operation
    {
        Type = Offer.Types.Operation.Types.Type.LaunchGroup,
        LaunchGroup = new Offer.Types.Operation.Types.LaunchGroup { Executor = executor, TaskGroup = new TaskGroupInfo { Tasks = { tasks } } },
    });

    private Offer NextOffer(FrameworkClient framework)
    {
        Send(framework, new Call { Type = Call.Types.Type.Revive });
        return Offers(framework).Single();
    }

    private List<Mesos.V1.TaskStatus> Updates(FrameworkClient framework) =>
        Drain(framework.Events).Where(e => e.Type == Event.Types.Type.Update).Select(e => e.Update.Status).ToList();

    [Fact]
    public void A_task_with_a_custom_executor_reaches_the_agent_with_the_executor_filled_in_and_the_executor_holds_its_resources()
    {
        var agent = SubscribeAgent("cpus:4;mem:4096");
        var framework = SubscribeFramework();
        var offer = Offers(framework).Single();

        Send(framework, Launch(offer, Task(offer, "t1", Custom()))).Should().Be(CallAccepted.Instance);

        var task = Drain(agent.Events).Single(e => e.Type == AgentEvent.Types.Type.RunTask).RunTask.Task;
        task.Executor.ExecutorId.Value.Should().Be("ex");
        task.Executor.FrameworkId.Should().Be(framework.Id);
        task.Executor.Resources.Should().OnlyContain(r => r.AllocationInfo.Role == "*");
        var left = Resources.FromProtos(NextOffer(framework).Resources);
        left.Scalar("cpus").Should().Be(2.5);
        left.Scalar("mem").Should().Be(4096 - 128 - 64);
    }

    [Fact]
    public void GET_EXECUTORS_lists_the_executors_frameworks_named_with_their_agent_until_they_exit()
    {
        var agent = SubscribeAgent("cpus:4;mem:4096");
        var framework = SubscribeFramework();
        var offer = Offers(framework).Single();
        Send(framework, Launch(offer, Task(offer, "t1", Custom())));

        Master.Tell(GetMasterState.Instance, TestActor);
        var executor = Actors.Master.Operator.OperatorResponses.Executors(ExpectMsg<MasterState>()).Executors.Single();
        executor.AgentId.Should().Be(agent.Id);
        executor.ExecutorInfo.ExecutorId.Value.Should().Be("ex");
        executor.ExecutorInfo.FrameworkId.Should().Be(framework.Id);

        AgentSends(agent, new AgentCall
        {
            Type = AgentCall.Types.Type.ExecutorExited,
            ExecutorExited = new AgentCall.Types.ExecutorExited { FrameworkId = framework.Id, ExecutorId = new ExecutorID { Value = "ex" }, Status = 0 },
        });
        Master.Tell(GetMasterState.Instance, TestActor);
        Actors.Master.Operator.OperatorResponses.Executors(ExpectMsg<MasterState>()).Executors.Should().BeEmpty();
    }

    [Fact]
    public void A_second_task_for_a_running_executor_takes_only_its_own_resources()
    {
        var agent = SubscribeAgent("cpus:4;mem:4096");
        var framework = SubscribeFramework();
        var first = Offers(framework).Single();
        Send(framework, Launch(first, Task(first, "t1", Custom())));
        var second = NextOffer(framework);

        Send(framework, Launch(second, Task(second, "t2", Custom())));

        Updates(framework).Should().BeEmpty();
        Drain(agent.Events).Where(e => e.Type == AgentEvent.Types.Type.RunTask).Should().HaveCount(2);
        Resources.FromProtos(NextOffer(framework).Resources).Scalar("cpus").Should().Be(1.5);
    }

    [Fact]
    public void A_task_whose_executor_differs_from_the_running_one_with_its_id_ends_with_TASK_ERROR()
    {
        SubscribeAgent("cpus:4;mem:4096");
        var framework = SubscribeFramework();
        var first = Offers(framework).Single();
        Send(framework, Launch(first, Task(first, "t1", Custom())));
        var second = NextOffer(framework);

        Send(framework, Launch(second, Task(second, "t2", Custom(resources: "cpus:1;mem:64"))));

        var error = Updates(framework).Single();
        error.State.Should().Be(TaskState.TaskError);
        error.Message.Should().Contain("not compatible with existing ExecutorInfo");
    }

    [Theory]
    [InlineData(ExecutorInfo.Types.Type.Default, "'ExecutorInfo.command' must not be set for 'DEFAULT' executor")]
    [InlineData(ExecutorInfo.Types.Type.Unknown, "'ExecutorInfo.type' must be 'CUSTOM'")]
    public void LAUNCH_takes_only_custom_executors(ExecutorInfo.Types.Type type, string message)
    {
        SubscribeAgent();
        var framework = SubscribeFramework();
        var offer = Offers(framework).Single();
        var executor = Custom();
        executor.Type = type;

        Send(framework, Launch(offer, Task(offer, "t1", executor)));

        var error = Updates(framework).Single();
        error.State.Should().Be(TaskState.TaskError);
        error.Message.Should().Be(message);
    }

    [Fact]
    public void A_task_group_reaches_the_agent_with_its_executor_and_every_task_is_tracked_under_it()
    {
        var agent = SubscribeAgent("cpus:4;mem:4096;disk:1024");
        var framework = SubscribeFramework();
        var offer = Offers(framework).Single();

        Send(framework, LaunchGroup(offer, Default(), GroupTask(offer, "a"), GroupTask(offer, "b"))).Should().Be(CallAccepted.Instance);

        var run = Drain(agent.Events).Single(e => e.Type == AgentEvent.Types.Type.RunTaskGroup).RunTaskGroup;
        run.Executor.ExecutorId.Value.Should().Be("group-ex");
        run.Executor.FrameworkId.Should().Be(framework.Id);
        run.TaskGroup.Tasks.Select(t => t.TaskId.Value).Should().Equal("a", "b");
        Updates(framework).Should().BeEmpty();
        Master.Tell(GetMasterState.Instance, TestActor);
        var state = ExpectMsg<MasterState>();
        state.Frameworks.Single().Tasks.Should().OnlyContain(t => t.ExecutorId.Value == "group-ex");
        state.Agents.Single().Used.Scalar("cpus").Should().Be(2.1);
    }

    [Fact]
    public void A_task_of_a_group_may_name_the_groups_executor_but_no_other()
    {
        SubscribeAgent("cpus:4;mem:4096;disk:1024");
        var framework = SubscribeFramework();
        var offer = Offers(framework).Single();
        var own = Default();
        own.FrameworkId = framework.Id;

        Send(framework, LaunchGroup(offer, Default(), GroupTask(offer, "a", own), GroupTask(offer, "b", Default("other"))));

        var errors = Updates(framework);
        errors.Select(s => s.TaskId.Value).Should().Equal("a", "b");
        errors.Should().OnlyContain(s => s.State == TaskState.TaskError && s.Message == "Task 'b' is invalid: The `ExecutorInfo` of task 'b' is different from executor 'group-ex'");
    }

    [Theory]
    [InlineData(null, "cpus:0.1;mem:32;disk:32", "'ExecutorInfo.type' must be set")]
    [InlineData(ExecutorInfo.Types.Type.Default, "cpus:0.001;mem:32;disk:32", "Executor 'group-ex' uses less CPUs (0.001) than the minimum required (0.01)")]
    [InlineData(ExecutorInfo.Types.Type.Default, "cpus:0.1;mem:16;disk:32", "Executor 'group-ex' uses less memory (16) than the minimum required (32MB)")]
    [InlineData(ExecutorInfo.Types.Type.Default, "cpus:0.1;mem:32", "Executor 'group-ex' uses no disk")]
    public void A_task_groups_executor_must_say_what_it_is_and_hold_enough_to_run(ExecutorInfo.Types.Type? type, string resources, string message)
    {
        SubscribeAgent("cpus:4;mem:4096;disk:1024");
        var framework = SubscribeFramework();
        var offer = Offers(framework).Single();
        var executor = Default(resources: resources);
        if (type is { } t) executor.Type = t;
        else executor.ClearType();

        Send(framework, LaunchGroup(offer, executor, GroupTask(offer, "a")));

        Updates(framework).Single().Message.Should().Be(message);
    }

    [Fact]
    public void When_an_executor_exits_its_framework_hears_of_it_and_its_resources_are_offered_again()
    {
        var agent = SubscribeAgent("cpus:4;mem:4096");
        var framework = SubscribeFramework();
        var offer = Offers(framework).Single();
        Send(framework, Launch(offer, Task(offer, "t1", Custom())));
        AgentSends(agent, StatusUpdate(framework.Id, "t1", TaskState.TaskFailed, out _));

        AgentSends(agent, new AgentCall
        {
            Type = AgentCall.Types.Type.ExecutorExited,
            ExecutorExited = new AgentCall.Types.ExecutorExited { FrameworkId = framework.Id, ExecutorId = new ExecutorID { Value = "ex" }, Status = 256 },
        }).Should().Be(CallAccepted.Instance);

        var events = Drain(framework.Events);
        var failure = events.Single(e => e.Type == Event.Types.Type.Failure).Failure;
        failure.AgentId.Should().Be(agent.Id);
        failure.ExecutorId.Value.Should().Be("ex");
        failure.Status.Should().Be(256);
        // The executor's half cpu alone is within the filter the launch left on the rest: it comes with REVIVE.
        var offered = events.Where(e => e.Type == Event.Types.Type.Offers).SelectMany(e => e.Offers.Offers_)
            .Sum(o => Resources.FromProtos(o.Resources).Scalar("cpus"));
        offered.Should().Be(3.5);
        Resources.FromProtos(NextOffer(framework).Resources).Scalar("cpus").Should().Be(0.5);
    }

    [Fact]
    public void SHUTDOWN_asks_the_agent_to_shut_the_executor_down()
    {
        var agent = SubscribeAgent();
        var framework = SubscribeFramework();
        var executorId = new ExecutorID { Value = "ex" };

        Send(framework, new Call { Type = Call.Types.Type.Shutdown, Shutdown = new Call.Types.Shutdown { AgentId = agent.Id, ExecutorId = executorId } })
            .Should().Be(CallAccepted.Instance);

        var shutdown = Drain(agent.Events).Single(e => e.Type == AgentEvent.Types.Type.ShutdownExecutor).ShutdownExecutor;
        shutdown.FrameworkId.Should().Be(framework.Id);
        shutdown.ExecutorId.Should().Be(executorId);
    }

    [Fact]
    public void An_agent_that_registers_again_reports_the_executors_that_hold_its_resources()
    {
        var framework = SubscribeFramework();
        var first = SubscribeAgent("cpus:4;mem:4096");
        var executor = Custom();
        executor.FrameworkId = framework.Id;
        var offer = Offers(framework).Single();
        Send(framework, new Call { Type = Call.Types.Type.Decline, Decline = new Call.Types.Decline { OfferIds = { offer.Id } } });

        var events = System.Threading.Channels.Channel.CreateUnbounded<AgentEvent>();
        var subscribe = new AgentCall.Types.Subscribe
        {
            AgentInfo = new AgentInfo { Hostname = "agent.test", Port = 5051, Resources = { Resources.Parse("cpus:4;mem:4096").ToProtos() } },
            Executors = { executor },
        };
        Master.Tell(new SubscribeAgent(subscribe, first.Id, events.Writer), TestActor);
        ExpectMsg<AgentSubscribed>();

        Resources.FromProtos(NextOffer(framework).Resources).Scalar("cpus").Should().Be(3.5);
    }

    [Fact]
    public void An_agent_that_registers_again_with_executors_while_its_resources_are_offered_has_them_offered_once()
    {
        var framework = SubscribeFramework();
        var first = SubscribeAgent("cpus:4;mem:4096");
        var offer = Offers(framework).Single();
        var executor = Custom();
        executor.FrameworkId = framework.Id;

        var events = System.Threading.Channels.Channel.CreateUnbounded<AgentEvent>();
        var subscribe = new AgentCall.Types.Subscribe
        {
            AgentInfo = new AgentInfo { Hostname = "agent.test", Port = 5051, Resources = { Resources.Parse("cpus:4;mem:4096").ToProtos() } },
            Executors = { executor },
        };
        Master.Tell(new SubscribeAgent(subscribe, first.Id, events.Writer), TestActor);
        ExpectMsg<AgentSubscribed>();

        var after = Drain(framework.Events);
        after.Should().Contain(e => e.Type == Event.Types.Type.Rescind && e.Rescind.OfferId.Equals(offer.Id));
        after.Where(e => e.Type == Event.Types.Type.Offers).SelectMany(e => e.Offers.Offers_)
            .Sum(o => Resources.FromProtos(o.Resources).Scalar("cpus")).Should().Be(3.5, "the rescinded offer's resources are not offered again beside the agent's new total");
    }
}
