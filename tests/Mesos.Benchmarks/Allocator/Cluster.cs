using Mesos.Actors.Allocator;
using Mesos.Actors.Protocol;

namespace Mesos.Benchmarks.Allocator;

/// <summary>The clusters of Mesos' HierarchicalAllocator_BENCHMARK_Test, built the same way.</summary>
internal static class Cluster
{
    public static readonly DateTimeOffset Now = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly Resources BigAgent = Resources.Parse("cpus:24;mem:4096;disk:4096;ports:[31000-32000]");

    /// <summary>Mesos' <c>fragment(createRange(31000, 32000), 16)</c>: sixteen ports ranges, apart from each other.</summary>
    public static Resources SixteenPortRanges { get; } =
        Resources.Parse("ports:[" + string.Join(",", Enumerable.Range(0, 16).Select(k => $"{31000 + 60 * k}-{31000 + 60 * k + 29}")) + "]");

    /// <summary>The use DeclineOffers gives every agent: sixteen tasks of one cpu with a port each.</summary>
    public static Resources DeclineOffersUse { get; } = Resources.Parse("cpus:16;mem:2014;disk:1024") + SixteenPortRanges;

    /// <summary>An allocator with <paramref name="frameworks"/> frameworks and <paramref name="agents"/> big agents, each partly used.</summary>
    public static HierarchicalAllocator Create(int agents, int frameworks, Resources used, Func<int, string> role)
    {
        var allocator = new HierarchicalAllocator(new AllocatorOptions { Seed = 1 });
        AddFrameworks(allocator, frameworks, role);
        AddAgents(allocator, agents, frameworks, BigAgent, used, role);
        return allocator;
    }

    public static string FrameworkId(int i) => $"framework-{i:D5}";

    public static string AgentId(int i) => $"agent-{i:D6}";

    public static void AddFrameworks(HierarchicalAllocator allocator, int count, Func<int, string> role, FrameworkCapabilities capabilities = FrameworkCapabilities.MultiRole)
    {
        for (var i = 0; i < count; i++) allocator.AddFramework(FrameworkId(i), new FrameworkSpec([role(i)], capabilities));
    }

    /// <summary>Agents with part of their resources already used by framework <c>i mod frameworks</c>.</summary>
    public static void AddAgents(HierarchicalAllocator allocator, int count, int frameworks, Resources total, Resources used, Func<int, string> role)
    {
        for (var i = 0; i < count; i++)
        {
            var framework = i % frameworks;
            allocator.AddAgent(AgentId(i), total, [new ResourceUse(FrameworkId(framework), role(framework), used)]);
        }
    }
}
