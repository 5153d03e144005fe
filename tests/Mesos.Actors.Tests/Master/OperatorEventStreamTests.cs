using Mesos.Actors.Master;
using Mesos.V1;
using Mesos.V1.Scheduler;
using TaskStatus = Mesos.V1.TaskStatus;
using EventType = Mesos.V1.Master.Event.Types.Type;

namespace Mesos.Actors.Tests.Master;

public sealed class OperatorEventStreamTests : MasterHarness
{
    private List<EventType> Types(OperatorClient op) => Drain(op.Events).Select(e => e.Type).ToList();

    [Fact]
    public void SUBSCRIBED_comes_first_with_the_whole_state_and_the_heartbeat_interval()
    {
        var agent = SubscribeAgent();
        var framework = SubscribeFramework("before");
        Send(framework, Launch(Offers(framework).Single(), "t1"));

        var events = Drain(SubscribeOperator().Events);

        events.Select(e => e.Type).Should().Equal([EventType.Subscribed, EventType.Heartbeat], "as Mesos' master, the first heartbeat follows SUBSCRIBED at once");
        var subscribed = events[0];
        subscribed.Subscribed.HeartbeatIntervalSeconds.Should().Be(15);
        var state = subscribed.Subscribed.GetState;
        state.GetAgents.Agents.Should().ContainSingle().Which.AgentInfo.Id.Should().Be(agent.Id);
        state.GetFrameworks.Frameworks.Should().ContainSingle().Which.FrameworkInfo.Name.Should().Be("before");
        state.GetTasks.PendingTasks.Should().ContainSingle().Which.TaskId.Value.Should().Be("t1");
    }

    [Fact]
    public void A_master_that_stops_ends_its_operators_streams_and_its_frameworks_streams()
    {
        var op = SubscribeOperator();
        var framework = SubscribeFramework("watched");
        Watch(Master);

        Sys.Stop(Master);

        ExpectTerminated(Master);
        Drain(op.Events);
        op.Events.Completion.IsCompleted.Should().BeTrue("an operator's HTTP stream ends when its channel does");
        Drain(framework.Events);
        framework.Events.Completion.IsCompleted.Should().BeTrue();
    }

    [Fact]
    public void A_subscribing_framework_is_added_and_the_same_framework_subscribing_again_is_updated()
    {
        var op = SubscribeOperator();
        Drain(op.Events);
        var framework = SubscribeFramework("watched", failoverTimeout: 60);

        var added = Drain(op.Events).Should().ContainSingle().Which;
        added.Type.Should().Be(EventType.FrameworkAdded);
        added.FrameworkAdded.Framework.FrameworkInfo.Id.Should().Be(framework.Id);
        added.FrameworkAdded.Framework.Connected.Should().BeTrue();
        // As Mesos shows it: a framework that never subscribed again was last registered when it first did.
        added.FrameworkAdded.Framework.ReregisteredTime.Should().Be(added.FrameworkAdded.Framework.RegisteredTime);

        SubscribeFramework("watched", failoverTimeout: 60, id: framework.Id);
        var updated = Drain(op.Events).Should().ContainSingle().Which;
        updated.Type.Should().Be(EventType.FrameworkUpdated);
        updated.FrameworkUpdated.Framework.FrameworkInfo.Id.Should().Be(framework.Id);
        updated.FrameworkUpdated.Framework.ReregisteredTime.Should().NotBeNull();
    }

    [Fact]
    public void A_launched_task_is_added_and_each_change_of_its_state_is_an_update()
    {
        var agent = SubscribeAgent();
        var framework = SubscribeFramework();
        var op = SubscribeOperator();
        Drain(op.Events);

        Send(framework, Launch(Offers(framework).Single(), "t1"));
        var added = Drain(op.Events).Should().ContainSingle().Which;
        added.Type.Should().Be(EventType.TaskAdded);
        added.TaskAdded.Task.TaskId.Value.Should().Be("t1");
        added.TaskAdded.Task.State.Should().Be(TaskState.TaskStaging);
        added.TaskAdded.Task.AgentId.Should().Be(agent.Id);

        var running = StatusUpdate(framework.Id, "t1", TaskState.TaskRunning, out _);
        AgentSends(agent, running);
        var updated = Drain(op.Events).Should().ContainSingle().Which;
        updated.Type.Should().Be(EventType.TaskUpdated);
        updated.TaskUpdated.FrameworkId.Should().Be(framework.Id);
        updated.TaskUpdated.State.Should().Be(TaskState.TaskRunning);
        updated.TaskUpdated.Status.TaskId.Value.Should().Be("t1");
        updated.TaskUpdated.Status.AgentId.Should().Be(agent.Id);

        AgentSends(agent, running);
        Drain(op.Events).Should().BeEmpty("an update the agent retries does not change the task's state");

        AgentSends(agent, StatusUpdate(framework.Id, "t1", TaskState.TaskFinished, out _));
        Drain(op.Events).Should().ContainSingle().Which.TaskUpdated.State.Should().Be(TaskState.TaskFinished);
    }

    [Fact]
    public void An_agent_is_added_removed_when_it_misses_its_pings_and_added_again_when_it_returns()
    {
        var op = SubscribeOperator();
        Drain(op.Events);
        var agent = SubscribeAgent();

        var added = Drain(op.Events).Should().ContainSingle().Which;
        added.Type.Should().Be(EventType.AgentAdded);
        added.AgentAdded.Agent.AgentInfo.Id.Should().Be(agent.Id);
        added.AgentAdded.Agent.Active.Should().BeTrue();

        Advance(PingTimeout * 6);
        var removed = Drain(op.Events).Where(e => e.Type != EventType.Heartbeat).Should().ContainSingle().Which;
        removed.Type.Should().Be(EventType.AgentRemoved);
        removed.AgentRemoved.AgentId.Should().Be(agent.Id);

        SubscribeAgent(id: agent.Id);
        Types(op).Should().Equal(EventType.AgentAdded);
    }

    [Fact]
    public void An_agent_that_merely_reconnects_is_not_added_again()
    {
        var agent = SubscribeAgent();
        var op = SubscribeOperator();
        Drain(op.Events);
        SubscribeAgent(id: agent.Id);
        Types(op).Should().BeEmpty();
    }

    [Fact]
    public void Teardown_updates_the_frameworks_tasks_to_killed_then_removes_the_framework()
    {
        SubscribeAgent();
        var framework = SubscribeFramework("doomed");
        Send(framework, Launch(Offers(framework).Single(), "t1"));
        var op = SubscribeOperator();
        Drain(op.Events);

        Send(framework, new Call { Type = Call.Types.Type.Teardown });

        var events = Drain(op.Events);
        events.Select(e => e.Type).Should().Equal(EventType.TaskUpdated, EventType.FrameworkRemoved);
        events[0].TaskUpdated.State.Should().Be(TaskState.TaskKilled);
        events[0].TaskUpdated.Status.Reason.Should().Be(TaskStatus.Types.Reason.FrameworkRemoved);
        events[1].FrameworkRemoved.FrameworkInfo.Id.Should().Be(framework.Id);
    }

    [Fact]
    public void UPDATE_FRAMEWORK_is_a_framework_update()
    {
        var framework = SubscribeFramework("old");
        var op = SubscribeOperator();
        Drain(op.Events);
        Send(framework, new Call
        {
            Type = Call.Types.Type.UpdateFramework,
            UpdateFramework = new() { FrameworkInfo = new FrameworkInfo { Name = "new", User = "root" } },
        });
        Drain(op.Events).Should().ContainSingle().Which.FrameworkUpdated.Framework.FrameworkInfo.Name.Should().Be("new");
    }

    [Fact]
    public void A_stream_heartbeats_at_once_then_every_15_seconds_from_its_subscription()
    {
        var op = SubscribeOperator();
        Types(op).Should().Equal(EventType.Subscribed, EventType.Heartbeat);
        Advance(TimeSpan.FromSeconds(14));
        Types(op).Should().BeEmpty();
        Advance(TimeSpan.FromSeconds(1));
        Types(op).Should().Equal(EventType.Heartbeat);
        Advance(TimeSpan.FromSeconds(15));
        Types(op).Should().Equal(EventType.Heartbeat);
    }

    [Fact]
    public void A_closed_stream_is_forgotten()
    {
        var op = SubscribeOperator();
        Master.Tell(new OperatorStreamClosed(op.StreamId), TestActor);
        Drain(op.Events);
        op.Events.Completion.IsCompleted.Should().BeTrue();
        SubscribeAgent();
        Advance(TimeSpan.FromSeconds(30));
        Drain(op.Events).Should().BeEmpty();
    }

    [Fact]
    public void A_stream_that_falls_behind_is_closed_and_the_others_go_on()
    {
        var slow = SubscribeOperator(capacity: 3);
        var fast = SubscribeOperator();
        Drain(fast.Events);

        SubscribeAgent("cpus:1;mem:128", "a1.test");
        SubscribeAgent("cpus:1;mem:128", "a2.test");
        SubscribeAgent("cpus:1;mem:128", "a3.test");

        Types(fast).Should().Equal(EventType.AgentAdded, EventType.AgentAdded, EventType.AgentAdded);
        Types(slow).Should().Equal(EventType.Subscribed, EventType.Heartbeat, EventType.AgentAdded);
        slow.Events.Completion.IsCompleted.Should().BeTrue();
    }

    [Fact]
    public void Events_of_a_task_the_master_decides_reach_operators_too()
    {
        SubscribeAgent();
        var framework = SubscribeFramework(partitionAware: true);
        Send(framework, Launch(Offers(framework).Single(), "t1"));
        var op = SubscribeOperator();
        Drain(op.Events);

        Advance(PingTimeout * 6);

        var update = Drain(op.Events).Should().ContainSingle(e => e.Type == EventType.TaskUpdated).Which.TaskUpdated;
        update.State.Should().Be(TaskState.TaskUnreachable);
        update.Status.Source.Should().Be(TaskStatus.Types.Source.Master);
    }

    [Fact]
    public void A_task_an_agent_brings_along_that_the_master_did_not_know_is_added()
    {
        var framework = SubscribeFramework();
        var op = SubscribeOperator();
        Drain(op.Events);
        var running = new Mesos.V1.Task
        {
            Name = "t9", TaskId = new() { Value = "t9" }, FrameworkId = framework.Id, AgentId = new() { Value = "x" }, State = TaskState.TaskRunning,
        };

        SubscribeAgent(tasks: running);

        var events = Drain(op.Events);
        events.Select(e => e.Type).Should().Equal(EventType.TaskAdded, EventType.AgentAdded);
        events[0].TaskAdded.Task.TaskId.Value.Should().Be("t9");
        events[1].AgentAdded.Agent.AgentInfo.Id.Should().Be(events[0].TaskAdded.Task.AgentId);
    }
}
