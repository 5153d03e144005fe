using Task = System.Threading.Tasks.Task;

namespace Mesos.Host.Tests.HighAvailability;

/// <summary>
/// Three masters, an agent and a framework process (on the SDK) running tasks, all real processes on
/// loopback: the leader killed with kill -9, or every master restarted in turn, and the cluster carries
/// on with a new leader that knows every task once, none lost.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class MasterFailoverTests
{
    private const int Tasks = 20;

    // As many as Mesos' own failover tests are asked to keep: the kill -9 runs under a framework with 200.
    private const int ManyTasks = 200;

    [Fact]
    public async Task The_leader_killed_under_a_framework_running_tasks_is_followed_by_a_new_leader_that_loses_none()
    {
        await using var cluster = new HaCluster();
        await cluster.StartMasters();
        var (agent, scheduler, frameworkId) = await cluster.RunTasks(ManyTasks);
        var leader = await cluster.LeaderAnswering(except: null);

        await cluster.Crash(leader);

        var next = await cluster.LeaderAnswering(except: leader);
        next.Should().NotBe(leader);
        // The survivors saw its cluster port refuse connections and downed it, without waiting out the failure detector and the resolver.
        cluster.Masters.Where((_, i) => i != leader).OfType<RunningMesos>().SelectMany(m => m.Lines())
            .Should().Contain(l => l.Contains("its cluster port refuses connections", StringComparison.Ordinal));
        (await HaCluster.Subscribed(scheduler)).Should().Be(frameworkId, "the framework subscribes again with the new leader under its id");
        await agent.WaitForOutput("Subscribed to master", HaCluster.Deadline);
        await cluster.EveryTaskRunsOnce(scheduler, frameworkId, ManyTasks);
        var state = await cluster.Get(next, "/master/state");
        state.GetProperty("leader").GetString().Should().EndWith($":{cluster.Ports[next]}");
        state.GetProperty("leader_info").GetProperty("port").GetInt32().Should().Be(cluster.Ports[next]);
        state.GetProperty("activated_slaves").GetDouble().Should().Be(1);
    }

    [Fact]
    public async Task A_rolling_restart_of_every_master_loses_no_task()
    {
        await using var cluster = new HaCluster();
        await cluster.StartMasters();
        var (_, scheduler, frameworkId) = await cluster.RunTasks(Tasks);

        for (var i = 0; i < cluster.Ports.Length; i++)
        {
            await cluster.Stop(i);
            await cluster.LeaderAnswering(except: i);
            await cluster.RestartMaster(i);
        }

        await cluster.EveryTaskRunsOnce(scheduler, frameworkId, Tasks);
        // The last master stopped may have led: the framework subscribes to the next one in its own time.
        await Condition.Until(async () =>
        {
            var frameworks = (await cluster.Get(await cluster.LeaderAnswering(except: null), "/master/frameworks")).GetProperty("frameworks").EnumerateArray().ToList();
            frameworks.Should().ContainSingle(f => f.GetProperty("id").GetString() == frameworkId, "the framework is known once");
            return frameworks.Single().GetProperty("active").GetBoolean();
        }, HaCluster.Deadline);
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
