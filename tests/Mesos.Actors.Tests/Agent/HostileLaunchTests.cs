using Mesos.Actors.Agent;
using Mesos.Internal;
using Mesos.V1;
using Environment = Mesos.V1.Environment;

namespace Mesos.Actors.Tests.Agent;

/// <summary>
/// What a checkpointing framework sends that no process can be given, or no checkpoint can name, reaching the agent past
/// the master: the agent refuses the task with TASK_ERROR and the reason, checkpoints nothing of it, and stays up. Only
/// a checkpoint it cannot write stops it (<see cref="CheckpointFailureTests"/>).
/// </summary>
public sealed class HostileLaunchTests : AgentTestKit
{
    private static readonly Dictionary<string, Func<TaskInfo>> Hostile = new()
    {
        ["a NUL in the command"] = () => AgentEvents.Task("hostile", "sleep 60\0; rm -rf /"),
        ["a NUL in an argument"] = () => WithCommand(new CommandInfo { Shell = false, Value = "/bin/sleep", Arguments = { "sleep", "6\00" } }),
        ["an environment variable named with '='"] = () => WithEnvironment(new Environment.Types.Variable { Name = "A=B", Value = "c" }),
        ["an environment variable without a name"] = () => WithEnvironment(new Environment.Types.Variable { Value = "c" }),
        ["an environment VALUE without a value"] = () => WithEnvironment(new Environment.Types.Variable { Name = "A" }),
        ["an environment variable of unknown type"] = () =>
            WithEnvironment(new Environment.Types.Variable { Name = "A", Value = "b", Type = Environment.Types.Variable.Types.Type.Unknown }),
        ["an executor whose command has a NUL"] = () =>
        {
            var executor = AgentEvents.Executor();
            executor.Command.User = "root\0";
            return AgentEvents.ExecutorTask("hostile", executor);
        },
    };

    private readonly FakeContainerizer _containerizer = new();
    private readonly AgentFixture _agent;

    public HostileLaunchTests() : base(KeepSystemOnShutdown)
    {
        _agent = new AgentFixture(this, _containerizer, new FixedJitter(1.0));
        Watch(_agent.Agent);
    }

    public static TheoryData<string> Cases => [.. Hostile.Keys];

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) _agent.Dispose();
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_task_with_what_no_process_can_be_given_is_refused_and_the_agent_runs_on(string hostile)
    {
        _agent.Subscribe();

        _agent.Link.Deliver(AgentEvents.RunTask(Hostile[hostile](), AgentEvents.CheckpointingFramework()));

        var refused = _agent.ExpectUpdate(TaskState.TaskError);
        refused.Reason.Should().Be(Mesos.V1.TaskStatus.Types.Reason.TaskInvalid);
        refused.Message.Should().Contain("`CommandInfo` is invalid");
        RunsOn();
    }

    [Fact]
    public void A_task_naming_an_agent_id_no_directory_can_have_is_refused_before_the_agent_has_its_own()
    {
        var task = AgentEvents.Task("hostile", "sleep 60");
        task.AgentId = new AgentID { Value = "../../etc" };

        _agent.Link.Deliver(AgentEvents.RunTask(task, AgentEvents.CheckpointingFramework()));
        _agent.Subscribe();

        var refused = _agent.ExpectUpdate(TaskState.TaskError);
        refused.Message.Should().Contain("Agent ID");
        RunsOn();
    }

    /// <summary>Nothing of the hostile task was launched or checkpointed, and the agent launches the next task.</summary>
    private void RunsOn()
    {
        _containerizer.Launched.Should().BeEmpty();
        Directory.GetDirectories(Path.Combine(_agent.WorkDir, "meta"), "hostile", SearchOption.AllDirectories).Should().BeEmpty();

        _agent.Link.Deliver(AgentEvents.RunTask(AgentEvents.Task("next", "sleep 60"), AgentEvents.CheckpointingFramework()));

        _agent.ExpectUpdate(TaskState.TaskStarting).TaskId.Value.Should().Be("next");
        _containerizer.Launched.Should().ContainSingle();
        Directory.GetDirectories(Path.Combine(_agent.WorkDir, "meta"), "next", SearchOption.AllDirectories).Should().NotBeEmpty();
    }

    private static TaskInfo WithCommand(CommandInfo command)
    {
        var task = AgentEvents.Task("hostile", "sleep 60");
        task.Command = command;
        return task;
    }

    private static TaskInfo WithEnvironment(Environment.Types.Variable variable)
    {
        var task = AgentEvents.Task("hostile", "sleep 60");
        task.Command.Environment = new Environment { Variables = { variable } };
        return task;
    }
}
