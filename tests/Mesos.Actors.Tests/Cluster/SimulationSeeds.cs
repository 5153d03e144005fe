namespace Mesos.Actors.Tests.Cluster;

/// <summary>
/// Which seeds a simulation test runs: RAFT_SIM_SEED replays one, RAFT_SIM_SEEDS sets how many (the default keeps the
/// whole suite within a couple of minutes on two cores). Failures name the command that replays them.
/// </summary>
internal static class SimulationSeeds
{
    public static IReadOnlyList<int> For(int defaultCount, int offset)
    {
        if (int.TryParse(Environment.GetEnvironmentVariable("RAFT_SIM_SEED"), out var one)) return [one];
        var count = int.TryParse(Environment.GetEnvironmentVariable("RAFT_SIM_SEEDS"), out var n) ? n : defaultCount;
        return Enumerable.Range(offset, count).ToArray();
    }

    /// <summary>Runs every seed (in parallel), and fails with the replay command of each failing seed.</summary>
    public static void RunAll(IReadOnlyList<int> seeds, string testName, Action<int> run)
    {
        var failures = new System.Collections.Concurrent.ConcurrentBag<(int Seed, Exception Error)>();
        Parallel.ForEach(seeds, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, seed =>
        {
            try
            {
                run(seed);
            }
            catch (Exception error)
            {
                failures.Add((seed, error));
            }
        });
        if (failures.IsEmpty) return;
        var first = failures.OrderBy(f => f.Seed).Take(5).Select(f =>
            $"seed {f.Seed}: {f.Error.Message}\n  replay: RAFT_SIM_SEED={f.Seed} dotnet test tests/Mesos.Actors.Tests --filter \"FullyQualifiedName~{testName}\"\n{f.Error.StackTrace}");
        throw new Xunit.Sdk.XunitException($"{failures.Count} of {seeds.Count} seeds failed:\n{string.Join("\n", first)}");
    }
}
