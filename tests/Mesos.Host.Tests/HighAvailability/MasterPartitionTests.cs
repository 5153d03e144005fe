using Task = System.Threading.Tasks.Task;

namespace Mesos.Host.Tests.HighAvailability;

/// <summary>
/// Three masters, an agent and a framework process running tasks, each a real process on a host of its own
/// (a network namespace): the leader and the agent are cut away from the other masters and the framework
/// with iptables, then the network heals.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class MasterPartitionTests
{
    private const int Tasks = 10;

    /// <summary>The epoch a master said it leads with.</summary>
    private static ulong Epoch(RunningMesos master)
    {
        const string Leads = "This master leads (epoch ";
        var line = master.Lines().Last(l => l.Contains(Leads, StringComparison.Ordinal));
        var from = line.IndexOf(Leads, StringComparison.Ordinal) + Leads.Length;
        return ulong.Parse(line[from..line.IndexOf(')', from)], System.Globalization.CultureInfo.InvariantCulture);
    }

    [SkippableFact]
    public async Task The_leader_cut_away_with_an_agent_stops_leading_the_majority_takes_over_and_after_healing_every_task_runs_once()
    {
        Skip.If(IsolatedHosts.Unavailable is not null, IsolatedHosts.Unavailable);
        await using var hosts = await IsolatedHosts.Create(HaCluster.MasterHost(0), HaCluster.MasterHost(1), HaCluster.MasterHost(2), "agent", "framework");
        await using var cluster = new HaCluster(hosts);
        await cluster.StartMasters();
        var (agent, scheduler, frameworkId) = await cluster.RunTasks(Tasks, "--reconcile=true");
        var leader = await cluster.LeaderAnswering(except: null);
        var old = cluster.Masters[leader]!;
        var majority = Enumerable.Range(0, 3).Where(i => i != leader).Select(HaCluster.MasterHost).Append("framework").ToList();

        await hosts.Cut([HaCluster.MasterHost(leader), "agent"], majority);

        var next = await cluster.LeaderAnswering(except: leader);
        (await HaCluster.Subscribed(scheduler)).Should().Be(frameworkId, "the framework, on the majority's side, subscribes to the new leader under its id");
        // Without a quorum the old leader's side is downed by the split brain resolver: its master stops, and its process with it.
        await old.WaitForLine(l => l.Contains("no longer leads", StringComparison.Ordinal) || l.Contains("downed", StringComparison.OrdinalIgnoreCase),
            "The cut-off leader did not stop leading", HaCluster.Deadline);
        await old.WaitForExit(HaCluster.Deadline);
        cluster.Exited(leader);
        var during = await cluster.Get(next, "/master/state");
        during.GetProperty("leader").GetString().Should().EndWith(cluster.Endpoint(next));

        await hosts.Heal();

        await agent.WaitForOutput("Subscribed to master", HaCluster.Deadline);
        await cluster.EveryTaskRunsOnce(scheduler, frameworkId, Tasks);
        var state = await cluster.Get(next, "/master/state");
        state.GetProperty("activated_slaves").GetDouble().Should().Be(1);
        Epoch(cluster.Masters[next]!).Should().BeGreaterThan(Epoch(old), "the new leader recorded a later epoch before it acted");
        scheduler.Lines().Should().NotContain(l => l.Contains($"Failed to subscribe with the master at {cluster.Endpoint(leader)}", StringComparison.Ordinal),
            "a framework that lost its leader asks the next master, not the one cut away");
    }
}
