using Mesos.Actors.Allocator;
using Mesos.Actors.Protocol;

namespace Mesos.Actors.Tests.Allocator;

/// <summary>Short ways to build allocator scenarios in tests.</summary>
internal static class AllocatorTestKit
{
    public static readonly DateTimeOffset T0 = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static Resources R(string text) => Resources.Parse(text);

    public static FrameworkSpec Spec(params string[] roles) => new(roles, FrameworkCapabilities.MultiRole);

    public static HierarchicalAllocator WithAgents(params string[] agents)
    {
        var allocator = new HierarchicalAllocator();
        for (var i = 0; i < agents.Length; i++) allocator.AddAgent($"agent{i + 1}", R(agents[i]));
        return allocator;
    }

    /// <summary>The one offer of a round, which the test expects to be the only one.</summary>
    public static Mesos.Actors.Allocator.Allocation Single(this IReadOnlyList<Mesos.Actors.Allocator.Allocation> offers) => offers.Should().ContainSingle().Subject;

    public static IEnumerable<(string Framework, string Agent, string Role, Resources Resources)> Summary(this IEnumerable<Mesos.Actors.Allocator.Allocation> offers) =>
        offers.Select(o => (o.FrameworkId, o.AgentId, o.Role, o.Resources));
}
