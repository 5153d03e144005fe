using Akka.Configuration;
using Mesos.Actors.Master;
using Mesos.Actors.Master.Operator;
using Mesos.Actors.Master.Roles;
using Mesos.Actors.Protocol;
using Mesos.V1;
using Mesos.V1.Quota;
using Mesos.V1.Scheduler;
using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.Actors.Tests.Master;

/// <summary>A master started again on its registry: what it recovers, and what it waits for.</summary>
public sealed class MasterRecoveryTests : MasterHarness
{
    private static readonly TimeSpan ReregisterTimeout = TimeSpan.FromSeconds(60);

    protected override MasterSettings Settings => MasterSettings.FromConfig(ConfigurationFactory.ParseString(
        $"mesos.master {{ work-dir = /tmp/unused, registry = in_memory, agent-reregister-timeout = {ReregisterTimeout.TotalSeconds}s, allocator-recovery-timeout = 30s }}"));

    private MasterState State()
    {
        Master.Tell(GetMasterState.Instance, TestActor);
        return ExpectMsg<MasterState>();
    }

    private SortedDictionary<string, double> Metrics() => MasterMetrics.Snapshot(State(), Sys.Scheduler.Now);

    private List<TaskStatus> Updates(FrameworkClient framework) =>
        Drain(framework.Events).Where(e => e.Type == Event.Types.Type.Update).Select(e => e.Update.Status).ToList();

    private static Call ReconcileOne(string taskId, AgentID agentId) =>
        new() { Type = Call.Types.Type.Reconcile, Reconcile = new() { Tasks = { new Call.Types.Reconcile.Types.Task { TaskId = new() { Value = taskId }, AgentId = agentId } } } };

    private object Tell(object message)
    {
        Master.Tell(message, TestActor);
        return ExpectMsg<object>(m => m is CallAccepted or CallRefused);
    }

    /// <summary>An agent running one task of a framework, as the master sees it before it is restarted.</summary>
    private (AgentClient Agent, FrameworkClient Framework, V1.Task Task) RunOneTask(bool partitionAware = false, double failoverTimeout = 3600)
    {
        var agent = SubscribeAgent();
        var framework = SubscribeFramework(partitionAware: partitionAware, failoverTimeout: failoverTimeout);
        Send(framework, Launch(Offers(framework).Single(), "t1"));
        AgentSends(agent, StatusUpdate(framework.Id, "t1", TaskState.TaskRunning, out _));
        Drain(framework.Events);
        var task = new V1.Task { Name = "t1", TaskId = new() { Value = "t1" }, FrameworkId = framework.Id, AgentId = agent.Id, State = TaskState.TaskRunning };
        return (agent, framework, task);
    }

    [Fact]
    public void A_restarted_master_recovers_frameworks_weights_and_quota_and_takes_agents_and_frameworks_back_with_their_ids()
    {
        var (agent, framework, task) = RunOneTask();
        Tell(new UpdateWeights([new WeightInfo { Role = "analytics", Weight = 2.5 }])).Should().Be(CallAccepted.Instance);
        var quota = new QuotaConfig { Role = "ml", Guarantees = { ["cpus"] = new Value.Types.Scalar { Value = 1 } } };
        Tell(new UpdateQuota([quota], Force: false)).Should().Be(CallAccepted.Instance);

        RestartMaster();

        var recovered = State();
        recovered.Weights.Should().BeEquivalentTo(new Dictionary<string, double> { ["analytics"] = 2.5 });
        recovered.Quotas["ml"].Guarantees["cpus"].Value.Should().Be(1);
        recovered.Frameworks.Should().ContainSingle(f => f.Info.Id.Value == framework.Id.Value && !f.Connected);
        recovered.Agents.Should().BeEmpty("the agent has not registered again yet");

        SubscribeAgent(id: agent.Id, tasks: task).Id.Should().Be(agent.Id);
        var again = SubscribeFramework(id: framework.Id, failoverTimeout: 3600);
        again.Id.Should().Be(framework.Id);
        Send(again, ReconcileOne("t1", agent.Id));
        Updates(again).Single().State.Should().Be(TaskState.TaskRunning);
        State().Frameworks.Single().Tasks.Should().ContainSingle(t => t.TaskId.Value == "t1" && t.State == TaskState.TaskRunning);
    }

    [Theory]
    [InlineData(false, TaskState.TaskLost)]
    [InlineData(true, TaskState.TaskUnreachable)]
    public void An_agent_that_does_not_register_again_in_time_becomes_unreachable(bool partitionAware, TaskState expected)
    {
        var (agent, framework, _) = RunOneTask(partitionAware);
        RestartMaster();
        var again = SubscribeFramework(id: framework.Id, partitionAware: partitionAware, failoverTimeout: 3600);
        Drain(again.Events);

        Send(again, ReconcileOne("t1", agent.Id));
        Updates(again).Should().BeEmpty("the agent may still register again with the task");

        Advance(ReregisterTimeout);
        Send(again, ReconcileOne("t1", agent.Id));
        var status = Updates(again).Single();
        status.State.Should().Be(expected);
        var metrics = Metrics();
        (metrics["master/recovery_slave_removals"], metrics["master/slave_removals"], metrics["master/slave_unreachable_completed"]).Should().Be((1, 1, 1));

        // It may still come back, and is admitted again with what it runs.
        var task = new V1.Task { Name = "t1", TaskId = new() { Value = "t1" }, FrameworkId = framework.Id, AgentId = agent.Id, State = TaskState.TaskRunning };
        SubscribeAgent(id: agent.Id, tasks: task).Id.Should().Be(agent.Id);
        Send(again, ReconcileOne("t1", agent.Id));
        Updates(again).Single().State.Should().Be(TaskState.TaskRunning);
    }

    [Fact]
    public void The_failover_timeout_of_a_recovered_framework_counts_from_the_restart()
    {
        SubscribeFramework(failoverTimeout: 10);
        Advance(TimeSpan.FromSeconds(30));
        RestartMaster();

        Advance(TimeSpan.FromSeconds(9));
        State().Frameworks.Should().ContainSingle();
        Advance(TimeSpan.FromSeconds(1));
        State().Frameworks.Should().BeEmpty();

        RestartMaster();
        State().Frameworks.Should().BeEmpty("the registry forgot it");
    }

    [Fact]
    public void The_failover_timeout_of_a_framework_that_disconnected_before_the_restart_goes_on_where_it_was()
    {
        var framework = SubscribeFramework(failoverTimeout: 10);
        Master.Tell(new FrameworkStreamClosed(framework.Id, framework.StreamId), TestActor);
        Advance(TimeSpan.FromSeconds(6));
        RestartMaster();

        Advance(TimeSpan.FromSeconds(3));
        State().Frameworks.Should().ContainSingle("4 of its 10 seconds were left at the restart");
        Advance(TimeSpan.FromSeconds(1));
        State().Frameworks.Should().BeEmpty();
    }

    [Fact]
    public void A_framework_that_subscribed_again_before_the_restart_gets_its_whole_failover_timeout_after_it()
    {
        var framework = SubscribeFramework(failoverTimeout: 10);
        Master.Tell(new FrameworkStreamClosed(framework.Id, framework.StreamId), TestActor);
        Advance(TimeSpan.FromSeconds(6));
        SubscribeFramework(id: framework.Id, failoverTimeout: 10);
        Advance(TimeSpan.FromSeconds(30));
        RestartMaster();

        Advance(TimeSpan.FromSeconds(9));
        State().Frameworks.Should().ContainSingle();
        Advance(TimeSpan.FromSeconds(1));
        State().Frameworks.Should().BeEmpty();
    }

    [Fact]
    public void After_a_restart_with_quota_nothing_is_offered_until_enough_agents_are_back()
    {
        var agents = Enumerable.Range(0, 5).Select(i => SubscribeAgent(hostname: $"agent-{i}")).ToList();
        var quota = new QuotaConfig { Role = "ml", Guarantees = { ["cpus"] = new Value.Types.Scalar { Value = 1 } } };
        Tell(new UpdateQuota([quota], Force: false)).Should().Be(CallAccepted.Instance);
        RestartMaster();

        var framework = SubscribeFramework(failoverTimeout: 3600);
        SubscribeAgent(hostname: "agent-0", id: agents[0].Id);
        Advance(TimeSpan.FromSeconds(2));
        Offers(framework).Should().BeEmpty("one agent of five is back, fewer than 80%");

        for (var i = 1; i < 4; i++) SubscribeAgent(hostname: $"agent-{i}", id: agents[i].Id);
        Advance(TimeSpan.FromSeconds(1));
        Offers(framework).Should().NotBeEmpty("four of five agents are back");
    }

    [Theory]
    [InlineData(false, TaskState.TaskLost)]
    [InlineData(true, TaskState.TaskGoneByOperator)]
    public void An_agent_marked_gone_ends_its_tasks_and_is_never_admitted_again_even_after_a_restart(bool partitionAware, TaskState expected)
    {
        var (agent, framework, task) = RunOneTask(partitionAware);

        Tell(new DeclareAgentGone(agent.Id)).Should().Be(CallAccepted.Instance);

        var status = Updates(framework).Single();
        (status.State, status.Reason).Should().Be((expected, TaskStatus.Types.Reason.AgentRemovedByOperator));
        State().Agents.Should().BeEmpty();
        (Metrics()["master/slave_removals"], Metrics()["master/slave_removals/reason_unhealthy"]).Should().Be((1, 0));
        Drain(agent.Events);
        agent.Events.Completion.IsCompleted.Should().BeTrue("the agent's connection is closed");
        Tell(new DeclareAgentGone(agent.Id)).Should().Be(CallAccepted.Instance, "it is gone already");

        RestartMaster();
        Master.Tell(new SubscribeAgent(new Mesos.Internal.AgentCall.Types.Subscribe { AgentInfo = new AgentInfo { Hostname = "agent.test", Port = 5051 }, Tasks = { task } },
            agent.Id, System.Threading.Channels.Channel.CreateUnbounded<Mesos.Internal.AgentEvent>().Writer), TestActor);
        ExpectMsg<CallRefused>().Message.Should().Contain("marked gone");
        Advance(ReregisterTimeout);
        State().Agents.Should().BeEmpty();
    }

    [Fact]
    public void An_agent_the_registry_does_not_know_cannot_be_marked_gone() =>
        Tell(new DeclareAgentGone(new AgentID { Value = "m0-S42" })).Should().BeOfType<CallRefused>().Which.Message.Should().Contain("not in the registry");

    [Fact]
    public void A_strict_registry_refuses_an_agent_it_never_admitted()
    {
        var strict = Settings with { Registry = Settings.Registry with { Strict = true } };
        var master = Sys.ActorOf(MasterActor.Props(strict, Info), "strict");
        var events = System.Threading.Channels.Channel.CreateUnbounded<Mesos.Internal.AgentEvent>();
        var info = new AgentInfo { Hostname = "stranger", Port = 5051 };
        master.Tell(new SubscribeAgent(new Mesos.Internal.AgentCall.Types.Subscribe { AgentInfo = info }, new AgentID { Value = "m0-S7" }, events.Writer), TestActor);

        ExpectMsg<CallRefused>(TimeSpan.FromSeconds(30)).Message.Should().Contain("not in the registry");
    }
}
