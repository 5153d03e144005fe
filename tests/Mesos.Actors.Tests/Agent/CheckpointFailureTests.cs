using Akka.Actor;
using Mesos.Actors.Agent;
using Mesos.Actors.Containerizer;
using Mesos.Internal;
using Mesos.V1;

namespace Mesos.Actors.Tests.Agent;

/// <summary>
/// A checkpoint the agent cannot write (here a file stands where its directory must go, as a failing disk would refuse
/// it) stops the agent, as Mesos' agent aborts: nothing it could not checkpoint is launched, sent or acknowledged.
/// </summary>
public sealed class CheckpointFailureTests : AgentTestKit
{
    private readonly FakeContainerizer _containerizer = new();
    private readonly AgentFixture _agent;

    public CheckpointFailureTests() : base(KeepSystemOnShutdown)
    {
        _agent = new AgentFixture(this, _containerizer, new FixedJitter(1.0));
        _agent.Subscribe();
        Watch(_agent.Agent);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) _agent.Dispose();
    }

    private string Meta(params string[] path) => Path.Combine([_agent.WorkDir, "meta", .. path]);

    [Fact]
    public void A_task_that_cannot_be_checkpointed_is_not_launched_and_the_agent_stops_with_status_1()
    {
        File.WriteAllText(Meta("slaves", "agent-1", "frameworks"), "in the way");

        _agent.Link.Deliver(AgentEvents.RunTask(AgentEvents.Task("t1", "sleep 60"), AgentEvents.CheckpointingFramework()));

        ExpectTerminated(_agent.Agent);
        _containerizer.Launched.Should().BeEmpty();
        _agent.Master.ExpectNoMessageYet();
        var reason = CoordinatedShutdown.Get(Sys).ShutdownReason;
        reason.Should().BeOfType<AgentActor.CheckpointFailed>();
        reason!.ExitCode.Should().Be(1);
    }

    [Fact]
    public void An_update_that_cannot_be_checkpointed_is_not_sent_and_the_agent_stops()
    {
        _agent.Link.Deliver(AgentEvents.RunTask(AgentEvents.Task("t1", "sleep 60"), AgentEvents.CheckpointingFramework()));
        _agent.ExpectUpdate(TaskState.TaskStarting);
        _agent.ExpectUpdate(TaskState.TaskRunning);
        var container = _containerizer.Launched.Should().ContainSingle().Subject;
        var updates = Directory.GetFiles(Meta(), "task.updates", SearchOption.AllDirectories).Should().ContainSingle().Subject;
        File.Delete(updates);
        Directory.CreateDirectory(updates);

        container.Exit(ContainerTermination.Exit(0));

        ExpectTerminated(_agent.Agent);
        _agent.Master.ExpectNoMessageYet();
        CoordinatedShutdown.Get(Sys).ShutdownReason.Should().BeOfType<AgentActor.CheckpointFailed>();
        container.Kills.Should().BeEmpty("what runs is left for the next start");
    }

    [Fact]
    public void An_executor_hears_its_update_is_held_only_once_it_is_checkpointed()
    {
        _agent.Link.Deliver(AgentEvents.RunTask(AgentEvents.ExecutorTask("t1", AgentEvents.Executor()), AgentEvents.CheckpointingFramework()));
        var executor = new ExecutorClient(this, _agent.Agent);
        executor.Subscribe();
        executor.Events();
        executor.Update("t1", TaskState.TaskRunning, out _);
        _agent.ExpectUpdate(TaskState.TaskRunning);
        executor.Events().Should().ContainSingle(e => e.Type == Mesos.V1.Executor.Event.Types.Type.Acknowledged);
        var updates = Directory.GetFiles(Meta(), "task.updates", SearchOption.AllDirectories).Should().ContainSingle().Subject;
        File.Delete(updates);
        Directory.CreateDirectory(updates);

        executor.Update("t1", TaskState.TaskFinished, out _);

        ExpectTerminated(_agent.Agent);
        executor.Events().Should().NotContain(e => e.Type == Mesos.V1.Executor.Event.Types.Type.Acknowledged,
            "the executor keeps the update, to send it again to the restarted agent");
        _agent.Master.ExpectNoMessageYet();
    }
}
