using Google.Protobuf;
using Mesos.Actors.Agent;
using Mesos.Actors.Agent.Checkpoints;
using Mesos.Actors.Containerizer;
using Mesos.Internal.Checkpoints;
using Mesos.V1;
using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.Actors.Tests.Agent;

/// <summary>What a restarted agent decides to do with what an earlier run checkpointed, without actors, files or processes.</summary>
public sealed class RecoveryPlanTests
{
    private static readonly FrameworkInfo Framework = AgentEvents.CheckpointingFramework();
    private static readonly ProcessIdentity Process = new(4242, 77, "boot");

    [Fact]
    public void A_run_whose_every_task_ended_and_was_acknowledged_is_forgotten_and_its_container_left_as_an_orphan()
    {
        var run = CommandRun("t1", Acknowledged(TaskState.TaskFinished));

        var plan = RecoveryPlan.Of(Agent([run], Container(run.Place.ContainerId, Process)));

        plan.Forgotten.Should().Equal(run.Place);
        plan.Resumed.Should().BeEmpty();
        plan.Orphans.Select(o => o.ContainerId).Should().Equal(run.Place.ContainerId);
    }

    [Fact]
    public void A_command_task_that_had_not_ended_is_re_attached_to_and_claims_its_container()
    {
        var run = CommandRun("t1", Acknowledged(TaskState.TaskRunning));

        var plan = RecoveryPlan.Of(Agent([run], Container(run.Place.ContainerId, Process)));

        var resumed = plan.Resumed.Should().ContainSingle().Subject;
        resumed.Kind.Should().Be(ExecutorKind.Command);
        resumed.Resume.Should().BeTrue();
        resumed.FailUnfinished.Should().BeNull();
        plan.Claimed.Should().Equal(run.Place.ContainerId);
        plan.Orphans.Should().BeEmpty();
    }

    [Fact]
    public void A_command_task_whose_end_was_not_yet_acknowledged_is_kept_for_its_update_but_not_re_attached_to()
    {
        var run = CommandRun("t1", Pending(TaskState.TaskRunning, TaskState.TaskFinished));

        var plan = RecoveryPlan.Of(Agent([run]));

        var resumed = plan.Resumed.Should().ContainSingle().Subject;
        resumed.Resume.Should().BeFalse();
        plan.Forgotten.Should().BeEmpty();
        plan.Claimed.Should().BeEmpty();
    }

    [Fact]
    public void A_custom_executor_with_a_process_is_re_attached_to_whatever_its_tasks_and_those_it_never_reported_on_are_staged()
    {
        var run = CustomRun(Process, ("done", Acknowledged(TaskState.TaskFinished)), ("running", Acknowledged(TaskState.TaskRunning)),
            ("queued", new TaskUpdates()));

        var plan = RecoveryPlan.Of(Agent([run]));

        var resumed = plan.Resumed.Should().ContainSingle().Subject;
        resumed.Kind.Should().Be(ExecutorKind.Custom);
        resumed.Resume.Should().BeTrue();
        resumed.Staged.Select(t => t.Value).Should().Equal("queued");
        plan.Claimed.Should().Equal(run.Place.ContainerId);
    }

    [Fact]
    public void An_idle_custom_executor_that_still_runs_is_taken_back_though_all_its_tasks_are_over()
    {
        var run = CustomRun(Process, ("done", Acknowledged(TaskState.TaskFinished)));

        RecoveryPlan.Of(Agent([run])).Resumed.Should().ContainSingle().Which.Resume.Should().BeTrue();
    }

    [Fact]
    public void A_custom_executor_that_never_started_is_not_waited_for_and_its_tasks_fail()
    {
        var run = CustomRun(null, ("queued", new TaskUpdates()));

        var plan = RecoveryPlan.Of(Agent([run], Container(run.Place.ContainerId, null)));

        var resumed = plan.Resumed.Should().ContainSingle().Subject;
        resumed.Resume.Should().BeFalse();
        resumed.FailUnfinished.Should().Be(RecoveryPlan.ExecutorNeverStarted);
        plan.Orphans.Select(o => o.ContainerId).Should().Equal(run.Place.ContainerId);
    }

    [Fact]
    public void The_default_executors_tasks_come_back_through_their_nested_containers_with_their_group_and_the_rest_fail()
    {
        var run = DefaultRun(
            ("a", Acknowledged(TaskState.TaskRunning), new TaskContainer { ContainerId = "nested-a", Group = { "a", "b", "c" } }),
            ("b", Acknowledged(TaskState.TaskRunning), new TaskContainer { ContainerId = "nested-b", Group = { "a", "b", "c" } }),
            ("c", Acknowledged(TaskState.TaskStarting), null),
            ("d", Acknowledged(TaskState.TaskFinished), new TaskContainer { ContainerId = "nested-d", Group = { "d" } }));

        var plan = RecoveryPlan.Of(Agent([run], Container("nested-a", Process), Container("nested-b", null), Container("nested-d", Process)));

        var resumed = plan.Resumed.Should().ContainSingle().Subject;
        resumed.Kind.Should().Be(ExecutorKind.Default);
        var nested = resumed.Nested.Should().ContainSingle().Subject;
        (nested.Task.Info.TaskId.Value, nested.ContainerId, nested.Process).Should().Be(("a", "nested-a", Process));
        nested.Group.Should().Equal("a", "b", "c");
        resumed.Resume.Should().BeTrue();
        resumed.FailUnfinished.Should().Be(RecoveryPlan.ContainerNeverStarted, "b's container never ran and c's never started");
        plan.Claimed.Should().Equal("nested-a");
        plan.Orphans.Select(o => o.ContainerId).Should().BeEquivalentTo(["nested-b", "nested-d"]);
    }

    [Fact]
    public void A_containers_runtime_entry_that_no_run_claims_is_an_orphan()
    {
        var plan = RecoveryPlan.Of(Agent([], Container("of-a-framework-that-does-not-checkpoint", Process)));

        plan.Orphans.Select(o => o.ContainerId).Should().Equal("of-a-framework-that-does-not-checkpoint");
    }

    [Fact]
    public void The_latest_status_is_the_last_pending_one_else_the_acknowledged_one()
    {
        RecoveryPlan.Latest(Pending(TaskState.TaskRunning, TaskState.TaskFinished))!.State.Should().Be(TaskState.TaskFinished);
        RecoveryPlan.Latest(Acknowledged(TaskState.TaskRunning))!.State.Should().Be(TaskState.TaskRunning);
        RecoveryPlan.Latest(new TaskUpdates()).Should().BeNull();
    }

    private static RecoveredAgent Agent(IReadOnlyList<RecoveredRun> runs, params RecoveredContainer[] containers) =>
        new(new AgentInfo { Id = new AgentID { Value = "agent-1" }, Hostname = "h" }, runs, containers);

    private static RecoveredContainer Container(string id, ProcessIdentity? process) => new(id, process, $"/meta/containers/{id}/exit_status");

    private static RecoveredRun CommandRun(string taskId, TaskUpdates updates)
    {
        var task = AgentEvents.Task(taskId, "sleep 60");
        var executor = new ExecutorInfo { ExecutorId = new ExecutorID { Value = taskId }, Command = task.Command };
        return new RecoveredRun(Framework, executor, Place(taskId), Process, [new RecoveredTask(task, updates)]);
    }

    private static RecoveredRun CustomRun(ProcessIdentity? process, params (string Id, TaskUpdates Updates)[] tasks)
    {
        var executor = AgentEvents.Executor();
        return new RecoveredRun(Framework, executor, Place("ex"), process,
            [.. tasks.Select(t => new RecoveredTask(AgentEvents.ExecutorTask(t.Id, executor), t.Updates))]);
    }

    private static RecoveredRun DefaultRun(params (string Id, TaskUpdates Updates, TaskContainer? Container)[] tasks) =>
        new(Framework, AgentEvents.Executor("group", ExecutorInfo.Types.Type.Default), Place("group"), null,
            [.. tasks.Select(t => new RecoveredTask(AgentEvents.Task(t.Id, "run " + t.Id), t.Updates, t.Container))]);

    private static RunPlace Place(string executorId) => new("agent-1", Framework.Id.Value, executorId, "container-of-" + executorId);

    private static TaskUpdates Acknowledged(TaskState state) => new() { Acknowledged = Status(state) };

    private static TaskUpdates Pending(params TaskState[] states) => new() { Pending = { states.Select(Status) } };

    private static TaskStatus Status(TaskState state) => new() { State = state, Uuid = ByteString.CopyFrom(Guid.NewGuid().ToByteArray()) };
}
