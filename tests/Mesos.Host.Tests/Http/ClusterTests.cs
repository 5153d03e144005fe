using System.Net;
using Mesos.V1;
using Task = System.Threading.Tasks.Task;
using Mesos.V1.Scheduler;
using Resources = Mesos.Actors.Protocol.Resources;
using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.Host.Tests.Http;

/// <summary>A master and an agent as separate processes, driven by a framework over the v1 API.</summary>
public sealed class ClusterTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    [Fact]
    public async Task A_failing_command_reports_its_exit_status_and_leaves_its_output_in_the_sandbox()
    {
        await using var framework = await TestFramework.Subscribe(cluster.Master);
        var offer = (await framework.Next(e => e.Type == Event.Types.Type.Offers)).Offers.Offers_[0];
        (await framework.Send(TestFramework.Launch(offer, "fails", "echo hello; exit 3"))).StatusCode.Should().Be(HttpStatusCode.Accepted);

        var states = new List<TaskState>();
        var final = await framework.NextUpdate(s =>
        {
            states.Add(s.State);
            return s.State is TaskState.TaskFailed or TaskState.TaskFinished or TaskState.TaskError;
        });

        final.State.Should().Be(TaskState.TaskFailed);
        final.Message.Should().Contain("exited with status 3");
        states.Should().Equal(TaskState.TaskStarting, TaskState.TaskRunning, TaskState.TaskFailed);
        var stdout = Directory.GetFiles(cluster.AgentWorkDir, "stdout", SearchOption.AllDirectories)
            .Single(f => f.Contains($"/frameworks/{framework.FrameworkId}/executors/fails/runs/", StringComparison.Ordinal));
        (await File.ReadAllTextAsync(stdout)).Should().Contain("hello");
        await framework.Send(new Call { Type = Call.Types.Type.Teardown });
    }

    [Fact]
    public async Task A_killed_task_ends_TASK_KILLED()
    {
        await using var framework = await TestFramework.Subscribe(cluster.Master);
        var offer = (await framework.Next(e => e.Type == Event.Types.Type.Offers)).Offers.Offers_[0];
        await framework.Send(TestFramework.Launch(offer, "sleeper", "sleep 300"));
        await framework.NextUpdate(s => s.State == TaskState.TaskRunning);
        (await framework.Send(new Call { Type = Call.Types.Type.Kill, Kill = new() { TaskId = new() { Value = "sleeper" }, AgentId = offer.AgentId } }))
            .StatusCode.Should().Be(HttpStatusCode.Accepted);
        (await framework.NextUpdate(s => s.State is TaskState.TaskKilled or TaskState.TaskFailed or TaskState.TaskFinished)).State.Should().Be(TaskState.TaskKilled);
        await framework.Send(new Call { Type = Call.Types.Type.Teardown });
    }

    [Fact]
    public async Task Many_tasks_all_finish_and_every_update_is_delivered_once()
    {
        await using var framework = await TestFramework.Subscribe(cluster.Master, "many");
        const int count = 40;
        var launched = 0;
        var terminal = new Dictionary<string, TaskState>();
        var seen = new HashSet<string>();
        var problems = new List<string>();
        while (terminal.Count < count)
        {
            var e = await framework.Next(e => e.Type is Event.Types.Type.Offers or Event.Types.Type.Update, TimeSpan.FromSeconds(60));
            if (e.Type == Event.Types.Type.Offers)
            {
                foreach (var offer in e.Offers.Offers_)
                {
                    if (launched < count)
                    {
                        var batch = new Call { Type = Call.Types.Type.Accept, Accept = new() { OfferIds = { offer.Id }, Filters = new() { RefuseSeconds = 0 } } };
                        var operation = new Offer.Types.Operation { Type = Offer.Types.Operation.Types.Type.Launch, Launch = new() };
                        // A framework launches what the offer holds: tasks of earlier offers may still hold the rest.
                        var offered = Resources.FromProtos(offer.Resources);
                        var fits = (int)Math.Min(offered.Scalar("cpus") / 0.1 + 1e-9, offered.Scalar("mem") / 32);
                        for (var i = 0; i < Math.Min(4, fits) && launched < count; i++, launched++)
                        {
                            operation.Launch.TaskInfos.Add(new TaskInfo
                            {
                                Name = $"t{launched}", TaskId = new() { Value = $"t{launched}" }, AgentId = offer.AgentId,
                                Command = new() { Value = "true" }, Resources = { Resources.Parse("cpus:0.1;mem:32").ToProtos() },
                            });
                        }
                        batch.Accept.Operations.Add(operation);
                        await framework.Send(batch);
                    }
                    else
                    {
                        await framework.Send(new Call { Type = Call.Types.Type.Decline, Decline = new() { OfferIds = { offer.Id } } });
                    }
                }
                continue;
            }
            var status = e.Update.Status;
            seen.Add($"{status.TaskId.Value}/{status.State}").Should().BeTrue($"{status.TaskId.Value} {status.State} arrives once");
            await framework.Send(new Call { Type = Call.Types.Type.Acknowledge, Acknowledge = new() { AgentId = status.AgentId, TaskId = status.TaskId, Uuid = status.Uuid } });
            if (status.State is TaskState.TaskFinished or TaskState.TaskFailed or TaskState.TaskError or TaskState.TaskLost) terminal[status.TaskId.Value] = status.State;
            if (status.State != TaskState.TaskFinished && status.HasMessage) problems.Add($"{status.TaskId.Value} {status.State}: {status.Message}");
        }
        problems.Should().BeEmpty();
        terminal.Values.Should().AllBeEquivalentTo(TaskState.TaskFinished);
        await framework.Send(new Call { Type = Call.Types.Type.Teardown });
    }
}
