using Mesos.Host.Marathon.Apps;
using Mesos.Host.Marathon.Constraints;
using static Mesos.Host.Tests.Marathon.MarathonTestData;

namespace Mesos.Host.Tests.Marathon;

/// <summary>Marathon's constraint operators against an agent and where the app already runs.</summary>
public sealed class ConstraintMatcherTests
{
    private static readonly Placement RackA1 = AgentAt("a1", ("rack", "a"));
    private static readonly Placement RackA2 = AgentAt("a2", ("rack", "a"));
    private static readonly Placement RackB1 = AgentAt("b1", ("rack", "b"));

    private static bool Meets(string field, string op, string? value, Placement candidate, params Placement[] placed) =>
        ConstraintMatcher.Meets(new AppConstraint(field, op, value), candidate, placed);

    [Fact]
    public void UNIQUE_allows_one_instance_per_value()
    {
        Meets("hostname", "UNIQUE", null, RackA1).Should().BeTrue();
        Meets("hostname", "UNIQUE", null, RackA1, RackA1).Should().BeFalse();
        Meets("rack", "UNIQUE", null, RackA2, RackA1).Should().BeFalse();
        Meets("zone", "UNIQUE", null, RackA1).Should().BeFalse();
    }

    [Fact]
    public void CLUSTER_keeps_instances_on_one_value_named_or_chosen_by_the_first()
    {
        Meets("rack", "CLUSTER", "a", RackA1).Should().BeTrue();
        Meets("rack", "CLUSTER", "a", RackB1).Should().BeFalse();
        Meets("rack", "CLUSTER", null, RackB1).Should().BeTrue();
        Meets("rack", "CLUSTER", null, RackB1, RackA1).Should().BeFalse();
    }

    [Fact]
    public void GROUP_BY_spreads_instances_evenly_over_values()
    {
        Meets("rack", "GROUP_BY", null, RackA2, RackA1, RackA1, RackB1).Should().BeFalse();
        Meets("rack", "GROUP_BY", null, RackB1, RackA1).Should().BeTrue();
        Meets("rack", "GROUP_BY", null, RackA2, RackA1, RackB1).Should().BeTrue();
        Meets("rack", "GROUP_BY", null, RackA2, RackA1).Should().BeTrue("no other value is known");
        Meets("rack", "GROUP_BY", "2", RackA2, RackA1).Should().BeFalse("two values are expected and only one is seen");
    }

    [Fact]
    public void LIKE_UNLIKE_IS_and_MAX_PER_read_the_value()
    {
        Meets("rack", "LIKE", "[ab]", RackB1).Should().BeTrue();
        Meets("rack", "LIKE", "a", AgentAt("x", ("rack", "ab"))).Should().BeFalse();
        Meets("rack", "LIKE", "a", AgentAt("x")).Should().BeFalse();
        Meets("rack", "UNLIKE", "a", RackB1).Should().BeTrue();
        Meets("rack", "UNLIKE", "a", AgentAt("x")).Should().BeTrue();
        Meets("rack", "IS", "a", RackA1).Should().BeTrue();
        Meets("rack", "IS", "a", RackB1).Should().BeFalse();
        Meets("rack", "MAX_PER", "2", RackA2, RackA1).Should().BeTrue();
        Meets("rack", "MAX_PER", "2", RackA2, RackA1, RackA1).Should().BeFalse();
    }
}
