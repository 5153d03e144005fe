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

    /// <summary>
    /// Runs every seed, one thread per core, and fails with the replay command of each failing seed. The threads are
    /// its own, not the thread pool's, so the tests that run meanwhile on real time are not starved of pool threads.
    /// </summary>
    public static void RunAll(IReadOnlyList<int> seeds, string testName, Action<int> run)
    {
        var failures = new System.Collections.Concurrent.ConcurrentBag<(int Seed, Exception Error)>();
        var next = -1;
        var threads = Enumerable.Range(0, Math.Min(Environment.ProcessorCount, seeds.Count)).Select(_ => new Thread(() =>
        {
            for (var i = Interlocked.Increment(ref next); i < seeds.Count; i = Interlocked.Increment(ref next))
            {
                try
                {
                    run(seeds[i]);
                }
                catch (Exception error)
                {
                    failures.Add((seeds[i], error));
                }
            }
        })).ToList();
        foreach (var thread in threads) thread.Start();
        foreach (var thread in threads) thread.Join();
        if (failures.IsEmpty) return;
        var first = failures.OrderBy(f => f.Seed).Take(5).Select(f =>
            $"seed {f.Seed}: {f.Error.Message}\n  replay: RAFT_SIM_SEED={f.Seed} dotnet test tests/Mesos.Actors.Tests --filter \"FullyQualifiedName~{testName}\"\n{f.Error.StackTrace}");
        throw new Xunit.Sdk.XunitException($"{failures.Count} of {seeds.Count} seeds failed:\n{string.Join("\n", first)}");
    }
}

/// <summary>The seed-heavy simulation tests use every core, so they run alone, after the tests that run on real time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SimulationCollection
{
    public const string Name = "Raft simulation";
}
