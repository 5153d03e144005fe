using Mesos.Actors.Protocol;
using Mesos.V1;
using Mesos.V1.Scheduler;
using Environment = Mesos.V1.Environment;
using Resources = Mesos.Actors.Protocol.Resources;
using Task = System.Threading.Tasks.Task;

namespace Mesos.Host.Tests.Agent;

/// <summary>
/// Odd and hostile tasks of a checkpointing framework, launched through a real master onto a real agent: each fails
/// with its reason (refused by the master where it can tell, failed by the agent where only running it tells), and the
/// agent stays up and runs the sane task launched with them.
/// </summary>
public sealed class HostileLaunchProcessTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Empty_huge_and_unpassable_commands_fail_with_a_reason_and_the_agent_runs_on()
    {
        await TestFramework.With(cluster.Master, "hostile", async framework =>
        {
            var offer = await framework.AnyOffer(Deadline);
            var launch = TestFramework.Launch(offer, "sane", "sleep 300", "cpus:0.1;mem:32");
            var tasks = launch.Accept.Operations[0].Launch.TaskInfos;
            tasks.Add(TaskOf(offer, "empty", new CommandInfo { Value = "" }));
            // One argument beyond what Linux lets exec pass (MAX_ARG_STRLEN, 128 KiB).
            tasks.Add(TaskOf(offer, "huge", new CommandInfo { Value = "echo " + new string('x', 200_000) }));
            tasks.Add(TaskOf(offer, "nul", new CommandInfo
            {
                Value = "env",
                Environment = new Environment { Variables = { new Environment.Types.Variable { Name = "A", Value = "b\0c" } } },
            }));
            using (var accepted = await framework.Send(launch)) accepted.IsSuccessStatusCode.Should().BeTrue();

            var updates = new Dictionary<string, Mesos.V1.TaskStatus>();
            while (updates.Count < 4)
            {
                var status = await framework.NextUpdate(s => !updates.ContainsKey(s.TaskId.Value)
                    && (TaskStates.IsTerminal(s.State) || s.State == TaskState.TaskRunning), Deadline);
                updates[status.TaskId.Value] = status;
            }

            updates["nul"].State.Should().Be(TaskState.TaskError, updates["nul"].ToString());
            updates["nul"].Source.Should().Be(Mesos.V1.TaskStatus.Types.Source.Master);
            updates["nul"].Message.Should().Contain("NUL");
            updates["empty"].State.Should().Be(TaskState.TaskFailed, updates["empty"].ToString());
            updates["empty"].Message.Should().NotBeEmpty();
            updates["huge"].State.Should().Be(TaskState.TaskFailed, updates["huge"].ToString());
            updates["huge"].Message.Should().NotBeEmpty();
            updates["sane"].State.Should().Be(TaskState.TaskRunning, updates["sane"].ToString());

            using var kill = await framework.Send(new Call { Type = Call.Types.Type.Kill, Kill = new() { TaskId = new() { Value = "sane" }, AgentId = offer.AgentId } });
            (await framework.NextUpdate(s => s.TaskId.Value == "sane", Deadline)).State.Should().Be(TaskState.TaskKilled, "the agent is still up to kill it");
        }, checkpoint: true);
    }

    private static TaskInfo TaskOf(Offer offer, string id, CommandInfo command) => new()
    {
        Name = id,
        TaskId = new TaskID { Value = id },
        AgentId = offer.AgentId,
        Command = command,
        Resources = { Resources.Parse("cpus:0.1;mem:32").ToProtos() },
    };
}
