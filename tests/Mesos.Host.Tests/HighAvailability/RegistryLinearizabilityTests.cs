extern alias testkit;

using testkit::Mesos.TestKit.Linearizability;
using Xunit.Abstractions;
using Task = System.Threading.Tasks.Task;

namespace Mesos.Host.Tests.HighAvailability;

/// <summary>
/// Operators change and read weights, quotas and agent admissions through any of three masters while the
/// leader is killed with kill -9 and, where network namespaces are permitted, cut away from the other
/// masters (its clients still reach it): the history they record is checked against a register per key. The
/// history is bounded (<see cref="RegistryHistory.MaxOperations"/>) and so is the checker's search (its budget):
/// a run that cannot be decided fails and says why, rather than run for hours.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class RegistryLinearizabilityTests(ITestOutputHelper output)
{
    private const int Clients = 3;

    [Fact]
    public async Task A_history_of_registry_calls_under_kills_and_partitions_of_the_leader_is_linearizable()
    {
        var seed = Environment.GetEnvironmentVariable("MESOS_HISTORY_SEED") is { Length: > 0 } given ? int.Parse(given, System.Globalization.CultureInfo.InvariantCulture) : Random.Shared.Next();
        output.WriteLine($"seed {seed} (MESOS_HISTORY_SEED replays the faults and the calls' choices)");
        await using var hosts = IsolatedHosts.Unavailable is null
            ? await IsolatedHosts.Create(HaCluster.MasterHost(0), HaCluster.MasterHost(1), HaCluster.MasterHost(2))
            : null;
        if (hosts is null) output.WriteLine($"Kills only, no partition: {IsolatedHosts.Unavailable}");
        await using var cluster = new HaCluster(hosts);
        await cluster.StartMasters();
        using var history = new RegistryHistory(cluster, seed);
        using var stop = new CancellationTokenSource();
        var clients = Enumerable.Range(0, Clients).Select(c => Task.Run(() => history.Run(c, stop.Token))).ToList();
        var random = new Random(seed);
        // A client that failed would leave the history short, and a full one would stop the changes the faults wait for:
        // either fails the test at once, with its cause.
        Task Until(Func<bool> condition) => Condition.Until(() => clients.FirstOrDefault(c => c.IsFaulted) is { } failed ? throw failed.Exception!
            : history.Full ? throw new InvalidOperationException($"The history reached its {RegistryHistory.MaxOperations} operations before the faults were over (seed {seed}): the masters took too long to recover")
            : condition(), HaCluster.Deadline);

        var faults = hosts is null ? new[] { "kill", "kill" } : ["kill", "partition"];
        foreach (var fault in faults.OrderBy(_ => random.Next()))
        {
            // The fault comes after a random number of acknowledged changes, so that it cuts into the calls at a different point each run.
            var after = history.Acknowledged + random.Next(10, 40);
            await Until(() => history.Acknowledged >= after);
            var leader = await cluster.LeaderAnswering(except: null);
            output.WriteLine($"{fault} of the leader {cluster.Endpoint(leader)} after {history.Acknowledged} acknowledged changes");
            if (fault == "kill") await cluster.Crash(leader);
            else await Partition(hosts!, cluster, leader);
            await cluster.LeaderAnswering(except: leader);
            if (fault == "partition") await hosts!.Heal();
            await cluster.RestartMaster(leader);
        }
        var last = history.Acknowledged + 10;
        await Until(() => history.Acknowledged >= last);
        await stop.CancelAsync();
        await Task.WhenAll(clients);
        await history.ReadAll(Clients);

        var operations = history.Operations;
        output.WriteLine($"{operations.Count} operations: {history.Acknowledged} changes acknowledged, {history.Pending} of unknown outcome");
        operations.Select(o => o.Input.Key.Split('/')[0]).Distinct().Should().BeEquivalentTo(["weight", "quota", "agent"], "every kind of registry change was made");
        // The model checks each key apart: checked key by key, a failure names its keys.
        operations.GroupBy(o => o.Input.Key).Where(key => !Linearizable(key.ToList(), key.Key, seed)).Select(key => key.Key).Should().BeEmpty(
            $"the registry must behave as one register per key whatever master answered (seed {seed})");
    }

    private static bool Linearizable(IReadOnlyList<Operation<KeyValueInput, KeyValueOutput>> operations, string key, int seed)
    {
        try
        {
            return LinearizabilityChecker.Check(new KeyValueModel(), operations);
        }
        catch (LinearizabilityUndecidedException e)
        {
            throw new InvalidOperationException($"Key {key} (seed {seed}): {e.Message}", e);
        }
    }

    /// <summary>Cuts the leader away from the other masters (not from the clients), and waits until it stops.</summary>
    private static async Task Partition(IsolatedHosts hosts, HaCluster cluster, int leader)
    {
        var old = cluster.Masters[leader]!;
        await hosts.Cut([HaCluster.MasterHost(leader)], Enumerable.Range(0, 3).Where(i => i != leader).Select(HaCluster.MasterHost));
        await old.WaitForExit(HaCluster.Deadline);
        cluster.Exited(leader);
    }
}
