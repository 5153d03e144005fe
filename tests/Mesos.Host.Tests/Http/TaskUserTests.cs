using System.Net;
using Mesos.V1;
using Mesos.V1.Scheduler;
using Task = System.Threading.Tasks.Task;
using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.Host.Tests.Http;

/// <summary>
/// A real agent (run as root, switching users as Mesos' --switch_user does by default) runs a task as the
/// user its command names, and fails a task whose user this machine does not know.
/// </summary>
public sealed class TaskUserTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(60);

    private static async Task<TaskStatus> RunAs(TestFramework framework, string taskId, string user, string command)
    {
        var offer = (await framework.Next(e => e.Type == Event.Types.Type.Offers)).Offers.Offers_[0];
        var launch = TestFramework.Launch(offer, taskId, command);
        launch.Accept.Operations[0].Launch.TaskInfos[0].Command.User = user;
        using (var accepted = await framework.Send(launch)) accepted.StatusCode.Should().Be(HttpStatusCode.Accepted);
        return await framework.NextUpdate(s => s.TaskId.Value == taskId && s.State is not (TaskState.TaskStarting or TaskState.TaskRunning), ProcessTimeout);
    }

    [Fact]
    public async Task A_task_runs_as_the_user_its_command_names_in_a_sandbox_it_owns()
    {
        await TestFramework.With(cluster.Master, "as-nobody", async framework =>
        {
            var end = await RunAs(framework, "whoami", "nobody", "id -un > who; id -u > uid");

            end.State.Should().Be(TaskState.TaskFinished, end.Message);
            var sandbox = Directory.GetDirectories(Path.Combine(cluster.AgentWorkDir, "slaves", end.AgentId.Value, "frameworks",
                framework.FrameworkId, "executors", "whoami", "runs")).Single();
            (await File.ReadAllTextAsync(Path.Combine(sandbox, "who"))).Should().Be("nobody\n");
        });
    }

    [Fact]
    public async Task A_task_for_a_user_this_machine_does_not_know_fails_saying_so()
    {
        await TestFramework.With(cluster.Master, "as-stranger", async framework =>
        {
            var end = await RunAs(framework, "stranger", "no-such-user-here", "true");

            end.State.Should().Be(TaskState.TaskFailed);
            end.Message.Should().Contain("Failed to find user 'no-such-user-here'");
        });
    }
}
