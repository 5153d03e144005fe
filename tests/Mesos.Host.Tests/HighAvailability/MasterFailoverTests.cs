using Task = System.Threading.Tasks.Task;

namespace Mesos.Host.Tests.HighAvailability;

/// <summary>
/// Three masters, an agent and a framework process (on the SDK) running tasks, all real processes on
/// loopback: the leader killed with kill -9, or every master restarted in turn, and the cluster carries
/// on with a new leader that knows every task once, none lost.
/// </summary>
public sealed class MasterFailoverTests
{
    private const int Tasks = 20;

    private static async Task<string> Subscribed(RunningMesos scheduler) =>
        (await scheduler.WaitForLine(l => l.StartsWith("SUBSCRIBED ", StringComparison.Ordinal), "The scheduler did not subscribe", HaCluster.Deadline))["SUBSCRIBED ".Length..];

    /// <summary>Starts the masters, the agent and the framework, and waits until each task runs and its update is acknowledged.</summary>
    private static async Task<(RunningMesos Agent, RunningMesos Scheduler, string FrameworkId)> Running(HaCluster cluster)
    {
        await cluster.StartMasters();
        var agent = await cluster.StartAgent("cpus:4;mem:4096");
        var scheduler = cluster.StartScheduler("--name=ha", $"--tasks={Tasks}", "--command=sleep 600", "--failover_timeout=3600");
        var frameworkId = await Subscribed(scheduler);
        var running = new HashSet<string>(Enumerable.Range(1, Tasks).Select(i => $"ACKED task-{i} TASK_RUNNING"), StringComparer.Ordinal);
        await scheduler.WaitForLine(l => running.Remove(l) && running.Count == 0, "Not every task ran", HaCluster.Deadline);
        return (agent, scheduler, frameworkId);
    }

    /// <summary>The leader knows each task once, running, of the framework; the scheduler heard no task end.</summary>
    private static async Task EveryTaskRunsOnce(HaCluster cluster, RunningMesos scheduler, string frameworkId)
    {
        var tasks = await cluster.LeaderTasks(t => t.Count >= Tasks && t.All(x => x.State == "TASK_RUNNING"));
        tasks.Select(t => t.Id).Should().BeEquivalentTo(Enumerable.Range(1, Tasks).Select(i => $"task-{i}"), "no task is lost or known twice");
        tasks.Should().OnlyContain(t => t.Framework == frameworkId);
        scheduler.Lines().Where(l => l.StartsWith("UPDATE ", StringComparison.Ordinal)).Select(l => l.Split(' ')[2])
            .Should().OnlyContain(s => s == "TASK_STARTING" || s == "TASK_RUNNING", "no task ended");
    }

    [Fact]
    public async Task The_leader_killed_under_a_framework_running_tasks_is_followed_by_a_new_leader_that_loses_none()
    {
        await using var cluster = new HaCluster();
        var (agent, scheduler, frameworkId) = await Running(cluster);
        var leader = await cluster.LeaderAnswering(except: null);

        await cluster.Crash(leader);

        var next = await cluster.LeaderAnswering(except: leader);
        next.Should().NotBe(leader);
        (await Subscribed(scheduler)).Should().Be(frameworkId, "the framework subscribes again with the new leader under its id");
        await agent.WaitForOutput("Subscribed to master", HaCluster.Deadline);
        await EveryTaskRunsOnce(cluster, scheduler, frameworkId);
        var state = await cluster.Get(next, "/master/state");
        state.GetProperty("leader").GetString().Should().EndWith($":{cluster.Ports[next]}");
        state.GetProperty("leader_info").GetProperty("port").GetInt32().Should().Be(cluster.Ports[next]);
        state.GetProperty("activated_slaves").GetDouble().Should().Be(1);
    }

    [Fact]
    public async Task A_rolling_restart_of_every_master_loses_no_task()
    {
        await using var cluster = new HaCluster();
        var (_, scheduler, frameworkId) = await Running(cluster);

        for (var i = 0; i < cluster.Ports.Length; i++)
        {
            await cluster.Stop(i);
            await cluster.LeaderAnswering(except: i);
            var restarted = cluster.StartMaster(i);
            await restarted.WaitForLine(l => l.Contains("The leading master is", StringComparison.Ordinal) || l.Contains("This master leads", StringComparison.Ordinal),
                "The restarted master did not join", HaCluster.Deadline);
        }

        await EveryTaskRunsOnce(cluster, scheduler, frameworkId);
        var leader = await cluster.LeaderAnswering(except: null);
        var frameworks = (await cluster.Get(leader, "/master/frameworks")).GetProperty("frameworks");
        frameworks.EnumerateArray().Should().ContainSingle(f => f.GetProperty("id").GetString() == frameworkId && f.GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task Followers_send_scheduler_and_operator_calls_and_the_web_ui_to_the_leader()
    {
        await using var cluster = new HaCluster();
        await cluster.StartMasters();
        var leader = await cluster.LeaderAnswering(except: null);
        var follower = (leader + 1) % cluster.Ports.Length;

        foreach (var path in new[] { "/api/v1/scheduler", "/master/api/v1", "/master/state?jsonp=f", "/" })
        {
            using var response = await cluster.Send(follower, path);
            response.StatusCode.Should().Be(System.Net.HttpStatusCode.TemporaryRedirect, path);
            response.Headers.Location!.OriginalString.Should().Be($"//127.0.0.1:{cluster.Ports[leader]}{path}");
        }
        using (var health = await cluster.Send(follower, "/health")) health.StatusCode.Should().Be(System.Net.HttpStatusCode.OK, "a follower answers for its own health");
        using (var redirect = await cluster.Send(follower, "/master/redirect/master/state"))
        {
            redirect.Headers.Location!.OriginalString.Should().Be($"//127.0.0.1:{cluster.Ports[leader]}/master/state");
        }
    }
}
