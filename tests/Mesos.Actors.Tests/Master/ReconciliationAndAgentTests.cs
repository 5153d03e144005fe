using Mesos.Actors.Protocol;
using Mesos.Actors.Master;
using Mesos.Internal;
using Mesos.V1;
using TaskStatus = Mesos.V1.TaskStatus;
using Mesos.V1.Scheduler;
using Resources = Mesos.Actors.Protocol.Resources;

namespace Mesos.Actors.Tests.Master;

public sealed class ReconciliationAndAgentTests : MasterHarness
{
    private List<TaskStatus> Updates(FrameworkClient framework) =>
        Drain(framework.Events).Where(e => e.Type == Event.Types.Type.Update).Select(e => e.Update.Status).ToList();

    [Fact]
    public void Implicit_reconciliation_answers_with_every_known_task_without_uuid()
    {
        SubscribeAgent();
        var framework = SubscribeFramework();
        Send(framework, Launch(Offers(framework).Single(), "t1"));
        Drain(framework.Events);
        Send(framework, new Call { Type = Call.Types.Type.Reconcile, Reconcile = new() });
        var status = Updates(framework).Single();
        status.TaskId.Value.Should().Be("t1");
        status.State.Should().Be(TaskState.TaskStaging);
        status.Reason.Should().Be(TaskStatus.Types.Reason.Reconciliation);
        status.HasUuid.Should().BeFalse();
    }

    [Theory]
    [InlineData(false, TaskState.TaskLost)]
    [InlineData(true, TaskState.TaskGone)]
    public void Explicit_reconciliation_of_an_unknown_task_on_a_registered_agent(bool partitionAware, TaskState expected)
    {
        var agent = SubscribeAgent();
        var framework = SubscribeFramework(partitionAware: partitionAware);
        Drain(framework.Events);
        Send(framework, new Call { Type = Call.Types.Type.Reconcile, Reconcile = new() { Tasks = { new Call.Types.Reconcile.Types.Task { TaskId = new() { Value = "ghost" }, AgentId = agent.Id } } } });
        Updates(framework).Single().State.Should().Be(expected);
    }

    [Theory]
    [InlineData(false, TaskState.TaskLost)]
    [InlineData(true, TaskState.TaskUnknown)]
    public void Explicit_reconciliation_of_a_task_on_an_unknown_agent(bool partitionAware, TaskState expected)
    {
        var framework = SubscribeFramework(partitionAware: partitionAware);
        Drain(framework.Events);
        Send(framework, new Call { Type = Call.Types.Type.Reconcile, Reconcile = new() { Tasks = { new Call.Types.Reconcile.Types.Task { TaskId = new() { Value = "ghost" }, AgentId = new() { Value = "m1-S99" } } } } });
        Updates(framework).Single().State.Should().Be(expected);
    }

    [Fact]
    public void Agents_are_pinged_and_an_agent_that_answers_stays_reachable()
    {
        var agent = SubscribeAgent();
        for (var i = 0; i < 10; i++)
        {
            Advance(PingTimeout);
            var ping = Drain(agent.Events).Single(e => e.Type == AgentEvent.Types.Type.Ping).Ping;
            AgentSends(agent, new AgentCall { Type = AgentCall.Types.Type.Pong, Pong = new() { Sequence = ping.Sequence } });
        }
        var framework = SubscribeFramework();
        Offers(framework).Should().ContainSingle();
    }

    [Theory]
    [InlineData(false, TaskState.TaskLost)]
    [InlineData(true, TaskState.TaskUnreachable)]
    public void Tasks_of_an_agent_that_misses_its_pings_are_lost_or_unreachable(bool partitionAware, TaskState expected)
    {
        SubscribeAgent();
        var framework = SubscribeFramework(partitionAware: partitionAware);
        Send(framework, Launch(Offers(framework).Single(), "t1"));
        Drain(framework.Events);
        Advance(PingTimeout * 5);
        Updates(framework).Should().BeEmpty("four missed pings are not yet five");
        Advance(PingTimeout);
        var status = Updates(framework).Single();
        status.State.Should().Be(expected);
        status.Reason.Should().Be(TaskStatus.Types.Reason.AgentRemoved);
    }

    [Fact]
    public void An_agent_that_registers_again_keeps_its_id_and_its_reported_tasks()
    {
        var agent = SubscribeAgent();
        var framework = SubscribeFramework();
        Send(framework, Launch(Offers(framework).Single(), "t1"));
        AgentSends(agent, StatusUpdate(framework.Id, "t1", TaskState.TaskRunning, out _));
        Drain(framework.Events);
        Master.Tell(new AgentStreamClosed(agent.Id, agent.StreamId), TestActor);
        var running = new Mesos.V1.Task { Name = "t1", TaskId = new() { Value = "t1" }, FrameworkId = framework.Id, AgentId = agent.Id, State = TaskState.TaskRunning };
        var again = SubscribeAgent(id: agent.Id, tasks: running);
        again.Id.Should().Be(agent.Id);
        Send(framework, new Call { Type = Call.Types.Type.Reconcile, Reconcile = new() });
        Updates(framework).Single().State.Should().Be(TaskState.TaskRunning);
    }

    [Fact]
    public void An_agent_subscribing_again_from_the_same_address_without_its_id_keeps_its_id()
    {
        var first = SubscribeAgent(hostname: "same.host");
        var again = SubscribeAgent(hostname: "same.host");
        again.Id.Should().Be(first.Id);
        SubscribeAgent(hostname: "other.host").Id.Should().NotBe(first.Id);
    }

    [Fact]
    public void A_connected_agent_subscribing_again_with_nothing_changed_keeps_its_offers_valid()
    {
        var agent = SubscribeAgent();
        var framework = SubscribeFramework();
        var offer = Offers(framework).Single();
        var again = SubscribeAgent(id: agent.Id);
        Drain(framework.Events).Should().NotContain(e => e.Type == Event.Types.Type.Rescind);
        Send(framework, Launch(offer, "t1"));
        Drain(again.Events).Should().Contain(e => e.Type == AgentEvent.Types.Type.RunTask);
        Updates(framework).Should().BeEmpty("the task was launched, not lost");
    }

    [Fact]
    public void A_disconnected_agent_subscribing_again_is_offered_afresh()
    {
        var agent = SubscribeAgent();
        var framework = SubscribeFramework();
        Offers(framework).Should().ContainSingle();
        Master.Tell(new AgentStreamClosed(agent.Id, agent.StreamId), TestActor);
        Drain(framework.Events).Should().Contain(e => e.Type == Event.Types.Type.Rescind);
        SubscribeAgent(id: agent.Id);
        Offers(framework).Should().ContainSingle();
    }

    [Fact]
    public void A_staging_task_the_agent_does_not_report_when_it_registers_again_is_lost()
    {
        var agent = SubscribeAgent();
        var framework = SubscribeFramework();
        Send(framework, Launch(Offers(framework).Single(), "in-flight"));
        Drain(framework.Events);
        SubscribeAgent(id: agent.Id);
        var status = Drain(framework.Events).Where(e => e.Type == Event.Types.Type.Update).Select(e => e.Update.Status).Single();
        status.TaskId.Value.Should().Be("in-flight");
        status.State.Should().Be(TaskState.TaskLost);
    }

    [Fact]
    public void An_agent_registering_again_with_other_tasks_of_the_same_size_is_not_offered_what_they_hold()
    {
        var agent = SubscribeAgent("cpus:4;mem:4096");
        var framework = SubscribeFramework();
        Send(framework, Launch(Offers(framework).Single(), "first", "cpus:4;mem:4096"));
        AgentSends(agent, StatusUpdate(framework.Id, "first", TaskState.TaskRunning, out _));
        // Something subscribes as the agent reporting nothing: the master takes "first" for lost and offers the agent whole.
        SubscribeAgent("cpus:4;mem:4096", id: agent.Id);
        Send(framework, Launch(Offers(framework).Single(), "second", "cpus:4;mem:4096"));
        Drain(framework.Events);
        // The agent itself subscribes again with "first": "second" never reached it and is lost, and what
        // the agent holds is the same amount as before, held by another task.
        SubscribeAgent("cpus:4;mem:4096", id: agent.Id, tasks: RunningTask(framework.Id, "first", "cpus:4;mem:4096"));

        Updates(framework).Should().ContainSingle(s => s.TaskId.Value == "second" && s.State == TaskState.TaskLost);
        var view = AgentViews()[agent.Id.Value];
        view.Used.Scalar("cpus").Should().Be(4);
        view.Offered.Scalar("cpus").Should().Be(0, "the agent's cpus are all held by \"first\"");
        Offers(framework).Should().BeEmpty();
    }

    [Fact]
    public void A_task_another_agent_reports_stays_on_the_agent_it_runs_on_and_its_end_frees_that_agent_only()
    {
        var agent = SubscribeAgent("cpus:4;mem:4096");
        var framework = SubscribeFramework();
        Send(framework, Launch(Offers(framework).Single(), "t1", "cpus:2;mem:1024"));
        AgentSends(agent, StatusUpdate(framework.Id, "t1", TaskState.TaskRunning, out _));
        var claimed = RunningTask(framework.Id, "t1", "cpus:0.5;mem:64");
        var other = SubscribeAgent("cpus:8;mem:8192", hostname: "other.test", tasks: claimed);

        AgentSends(agent, StatusUpdate(framework.Id, "t1", TaskState.TaskFinished, out _));

        var views = AgentViews();
        views[other.Id.Value].Used.IsEmpty.Should().BeTrue("t1 runs on the first agent");
        views[agent.Id.Value].Used.IsEmpty.Should().BeTrue("t1 finished");
        foreach (var view in views.Values)
        {
            (view.Used.Scalar("cpus") + view.Offered.Scalar("cpus")).Should().BeLessThanOrEqualTo(view.Total.Scalar("cpus"), $"agent {view.Info.Id.Value} offers only what is free");
        }
    }

    [Fact]
    public void Tasks_of_a_framework_the_master_does_not_know_leave_an_agent_that_registers_again_without_them()
    {
        var agent = SubscribeAgent("cpus:4;mem:4096", tasks: RunningTask(new FrameworkID { Value = "m1-0777" }, "orphan", "cpus:1;mem:64"));
        AgentViews()[agent.Id.Value].Used.Scalar("cpus").Should().Be(1);

        SubscribeAgent("cpus:4;mem:4096", id: agent.Id);

        AgentViews()[agent.Id.Value].Used.IsEmpty.Should().BeTrue("the agent no longer runs the task");
        var framework = SubscribeFramework();
        Resources.FromProtos(Offers(framework).Single().Resources).Scalar("cpus").Should().Be(4);
    }

    private static Mesos.V1.Task RunningTask(FrameworkID framework, string id, string resources) => new()
    {
        Name = id,
        TaskId = new() { Value = id },
        FrameworkId = framework,
        AgentId = new() { Value = "m1-S99" },
        State = TaskState.TaskRunning,
        Resources = { Resources.Parse(resources).ToProtos() },
    };

    private Dictionary<string, AgentView> AgentViews()
    {
        Master.Tell(GetMasterState.Instance, TestActor);
        return ExpectMsg<MasterState>().Agents.ToDictionary(a => a.Info.Id.Value);
    }

    [Fact]
    public void Calls_from_an_agent_need_its_current_stream()
    {
        var agent = SubscribeAgent();
        Master.Tell(new AgentCallReceived(new AgentCall { Type = AgentCall.Types.Type.Pong, AgentId = agent.Id, Pong = new() { Sequence = 1 } }, "stale"), TestActor);
        ExpectMsg<CallRefused>().Reason.Should().Be(CallRefusal.NotSubscribed);
    }
}
