using Akka.Actor;
using Mesos.Actors.Agent;
using Mesos.Internal;
using Mesos.V1;

namespace Mesos.Actors.Tests.Agent;

/// <summary>
/// The agent actor failing (an exception in a handler, which its parent answers with a restart; here a PING without
/// its body, which the agent's code does not expect) stops the agent with exit status 1, as Mesos' agent aborts, rather than going on from the checkpoints read when
/// its process started: what was launched since runs on, and the next start takes it back.
/// </summary>
public sealed class AgentFailureTests : AgentTestKit
{
    private readonly FakeContainerizer _containerizer = new();
    private readonly AgentFixture _agent;

    public AgentFailureTests() : base(KeepSystemOnShutdown)
    {
        _agent = new AgentFixture(this, _containerizer, new FixedJitter(1.0));
        _agent.Subscribe();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) _agent.Dispose();
    }

    [Fact]
    public void A_failed_agent_actor_stops_with_status_1_leaving_a_task_launched_after_its_start_for_the_next_start_to_take_back()
    {
        _agent.Link.Deliver(AgentEvents.RunTask(AgentEvents.Task("t1", "sleep 60"), AgentEvents.CheckpointingFramework()));
        _agent.ExpectUpdate(TaskState.TaskStarting);
        _agent.ExpectUpdate(TaskState.TaskRunning);
        var container = _containerizer.Launched.Should().ContainSingle().Subject;
        Watch(_agent.Agent);

        _agent.Link.Deliver(new AgentEvent { Type = AgentEvent.Types.Type.Ping });

        ExpectTerminated(_agent.Agent);
        var reason = CoordinatedShutdown.Get(Sys).ShutdownReason;
        reason.Should().BeOfType<AgentActor.AgentFailed>();
        reason!.ExitCode.Should().Be(1);
        container.Kills.Should().BeEmpty("what runs is left for the next start");

        _agent.Restart(_containerizer);
        var subscribe = _agent.Subscribe();
        subscribe.AgentId.Value.Should().Be("agent-1");
        subscribe.Subscribe.Tasks.Select(t => (t.TaskId.Value, t.State)).Should().Equal(("t1", TaskState.TaskRunning));
        _containerizer.Recovered.Should().ContainSingle(r => r.ContainerId == container.ContainerId);
        _containerizer.Launched.Last().Kills.Should().BeEmpty("the task is taken back, not killed");
    }
}
