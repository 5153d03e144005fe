using Mesos.Actors.Tests.Cluster.Simulation;
using Mesos.TestKit.Linearizability;

namespace Mesos.Actors.Tests.Cluster;

[Collection(SimulationCollection.Name)]
public sealed class RaftSimulationTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int FaultMs = 3000;

    [Fact]
    public void Random_faults_on_three_and_five_servers_never_break_safety_or_linearizability_and_progress_resumes_within_two_election_timeouts()
    {
        var seeds = SimulationSeeds.For(defaultCount: 4000, offset: 1);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        SimulationSeeds.RunAll(seeds, nameof(Random_faults_on_three_and_five_servers_never_break_safety_or_linearizability_and_progress_resumes_within_two_election_timeouts), seed => RunRandomFaults(seed));
        output.WriteLine($"{seeds.Count} seeds in {clock.Elapsed.TotalSeconds:N1} s: {seeds.Count / clock.Elapsed.TotalSeconds:N0} seeds/s on {Environment.ProcessorCount} cores");
    }

    [Fact]
    public void After_the_leader_crashes_a_new_leader_commits_within_one_second()
    {
        var times = new System.Collections.Concurrent.ConcurrentBag<long>();
        SimulationSeeds.RunAll(SimulationSeeds.For(defaultCount: 400, offset: 100_000), nameof(After_the_leader_crashes_a_new_leader_commits_within_one_second), seed =>
        {
            var sim = new RaftSimulation(seed, nodeCount: seed % 2 == 0 ? 3 : 5);
            sim.RunUntil(() => sim.Leader is not null, 2000).Should().BeTrue();
            sim.RunFor(500);
            var old = sim.Leader!;
            sim.Crash(old.Id);
            var crashedAt = sim.Now;
            bool NewLeaderCommitted() => sim.Leader is { } l && l.Term > old.Term && l.Log.TermAt(l.Commit) == l.Term;
            sim.RunUntil(NewLeaderCommitted, 1000).Should().BeTrue("a new leader commits within 1 s of the crash");
            times.Add(sim.Now - crashedAt);
        });
        var sorted = times.Order().ToArray();
        output.WriteLine($"crash → new leader committed (simulated ms, {sorted.Length} seeds): median {sorted[sorted.Length / 2]}, " +
            $"p99 {sorted[(int)(sorted.Length * 0.99)]}, max {sorted[^1]}");
    }

    internal static RaftSimulation RunRandomFaults(int seed)
    {
        var sim = new RaftSimulation(seed, nodeCount: seed % 2 == 0 ? 3 : 5, clientCount: 3)
        {
            CrashDuringWriteRate = 0.002,
        };
        sim.Network.DropRate = 0.05;
        sim.Network.DuplicateRate = 0.02;
        sim.Network.MaxDelay = 10;
        var random = new Random(~seed);
        var nextFault = 100L;
        while (sim.Now < FaultMs)
        {
            sim.RunFor(1);
            if (sim.Now < nextFault) continue;
            sim.InjectRandomFault();
            nextFault = sim.Now + random.Next(100, 400);
        }
        sim.StopFaults();
        var twoElectionTimeouts = 2 * 2 * sim.Options.ElectionTicks * RaftSimulation.TickMs;
        if (!sim.AwaitProgress(twoElectionTimeouts))
        {
            throw new RaftSafetyException($"No progress within {twoElectionTimeouts} ms after the faults stopped (leader: {sim.Leader?.Id ?? "none"}).");
        }
        sim.RunFor(500);
        sim.StopClients();
        if (!LinearizabilityChecker.Check(new KeyValueModel(), sim.History))
        {
            throw new RaftSafetyException($"The history of {sim.History.Count} operations is not linearizable.");
        }
        return sim;
    }
}
