using System.Globalization;

namespace Mesos.Benchmarks.Allocator;

/// <summary>
/// The allocator core against Mesos' HierarchicalAllocator_BENCHMARK_Test: each figure beside the one
/// Mesos printed for the same benchmark (where we have it), and their ratio; the aim is one tenth.
/// </summary>
internal static class AllocatorSuite
{
    private static readonly (int Agents, int Frameworks)[] Sizes = [(1_000, 100), (1_000, 1_000), (10_000, 1), (10_000, 1_000)];

    public static int Run(string[] args)
    {
        if (args.Length == 3) return RunOne(args[0], int.Parse(args[1], CultureInfo.InvariantCulture), int.Parse(args[2], CultureInfo.InvariantCulture));
        Console.WriteLine($"Allocator core, {Environment.ProcessorCount} cores, .NET {Environment.Version}; Mesos figures from its HierarchicalAllocator_BENCHMARK_Test");

        // A smaller run of every scenario first, long enough for the JIT to finish optimizing the hot
        // paths, so that its work is not on the clock.
        DeclineOffers.Run(2_000, 100, null);
        SuppressOffers.Run(2_000, 100, null);
        AddAndUpdateAgents.Run(2_000, 100, null, null);
        FullRound.Run(2_000, 100, quota: true, filters: true, null);
        Console.WriteLine("(warm-up above)");

        foreach (var (agents, frameworks) in Sizes) DeclineOffers.Run(agents, frameworks, MesosDeclineOffers(agents, frameworks));
        foreach (var (agents, frameworks) in Sizes.Append((5_000, 100))) SuppressOffers.Run(agents, frameworks, MesosSuppressOffers(agents, frameworks));
        foreach (var (agents, frameworks) in Sizes)
        {
            var mesos = (agents, frameworks) == (10_000, 1_000);
            AddAndUpdateAgents.Run(agents, frameworks, mesos ? 846 : null, mesos ? 631 : null);
        }

        foreach (var (agents, frameworks, mesos) in new[] { (10_000, 1_000, 1_400.0), (20_000, 2_000, 4_400.0) })
        {
            foreach (var (quota, filters) in new[] { (false, false), (true, false), (false, true), (true, true) })
            {
                FullRound.Run(agents, frameworks, quota, filters, mesos);
            }
        }

        FullRound.Memory(10_000, 1_000);
        return 0;
    }

    // `allocator <scenario> <agents> <frameworks>` runs one scenario three times, to look at one figure closely.
    private static int RunOne(string scenario, int agents, int frameworks)
    {
        for (var run = 0; run < 3; run++)
        {
            switch (scenario)
            {
                case "decline": DeclineOffers.Run(agents, frameworks, MesosDeclineOffers(agents, frameworks)); break;
                case "suppress": SuppressOffers.Run(agents, frameworks, MesosSuppressOffers(agents, frameworks)); break;
                case "add": AddAndUpdateAgents.Run(agents, frameworks, null, null); break;
                case "round": FullRound.Run(agents, frameworks, quota: true, filters: true, null); break;
                default:
                    Console.Error.WriteLine("scenarios: decline, suppress, add, round");
                    return 2;
            }
        }

        return 0;
    }

    private static double? MesosDeclineOffers(int agents, int frameworks) => (agents, frameworks) switch
    {
        (1_000, 1_000) => 78.8,
        (1_000, 100) => 642,
        (10_000, 1) => 117,
        (10_000, 1_000) => 900,
        _ => null,
    };

    private static double? MesosSuppressOffers(int agents, int frameworks) => (agents, frameworks) switch
    {
        (10_000, 1) => 427,
        (5_000, 100) => 198,
        _ => null,
    };
}
