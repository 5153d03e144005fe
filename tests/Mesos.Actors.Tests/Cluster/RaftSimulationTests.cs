using Mesos.Actors.Tests.Cluster.Simulation;
using Mesos.TestKit.Linearizability;

namespace Mesos.Actors.Tests.Cluster;

public sealed class RaftSimulationTests
{
    private const int FaultMs = 3000;

    [Fact]
    public void Random_faults_on_three_and_five_servers_never_break_safety_or_linearizability_and_progress_resumes_within_two_election_timeouts()
    {
        SimulationSeeds.RunAll(SimulationSeeds.For(defaultCount: 400, offset: 1), nameof(Random_faults_on_three_and_five_servers_never_break_safety_or_linearizability_and_progress_resumes_within_two_election_timeouts), seed => RunRandomFaults(seed));
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
