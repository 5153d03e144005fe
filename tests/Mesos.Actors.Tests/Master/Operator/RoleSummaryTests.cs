using Mesos.Actors.Master;
using Mesos.Actors.Master.Operator;
using Mesos.V1;
using Mesos.V1.Quota;
using Resources = Mesos.Actors.Protocol.Resources;

namespace Mesos.Actors.Tests.Master.Operator;

/// <summary>What operators see of each role: allocated, offered, reserved, and the quota it consumes.</summary>
public sealed class RoleSummaryTests
{
    private static readonly DateTimeOffset Registered = DateTimeOffset.UnixEpoch;

    private static FrameworkView Framework(string id, string role, string used, string offered)
    {
        var info = new FrameworkInfo { Id = new() { Value = id }, Name = id, User = "u", Role = role };
        return new FrameworkView(info, Active: true, Connected: true, Registered, null, null, [], [], [],
            Resources.Parse(used).AllocatedTo(role), Resources.Parse(offered).AllocatedTo(role));
    }

    private static AgentView Agent(string id, string total, bool reachable = true) =>
        new(new AgentInfo { Id = new() { Value = id }, Hostname = id, Port = 5051 }, Registered, Active: reachable, Reachable: reachable,
            Resources.Parse(total), Resources.Empty, Resources.Empty);

    [Fact]
    public void A_role_counts_its_frameworks_resources_its_reservations_and_its_childrens_consumption()
    {
        var state = new MasterState(new MasterInfo { Id = "m", Ip = 1, Port = 5050 }, Registered,
            [Framework("f1", "eng", used: "cpus:1;mem:128", offered: "cpus:2"), Framework("f2", "eng/web", used: "cpus:0.5", offered: "")],
            [],
            [Agent("a1", "cpus:8;cpus(eng/web):2;mem:4096"), Agent("a2", "cpus(eng):3", reachable: false)])
        {
            Quotas = new Dictionary<string, QuotaConfig> { ["eng"] = new() { Role = "eng", Guarantees = { ["cpus"] = new Value.Types.Scalar { Value = 4 } } } },
        };

        var roles = RoleResponses.Summaries(state).ToDictionary(r => r.Name);

        roles.Keys.Should().Equal("eng", "eng/web");
        var eng = roles["eng"];
        eng.Frameworks.Should().ContainSingle(f => f.Value == "f1");
        eng.Allocated.Scalar("cpus").Should().Be(1);
        eng.Offered.Scalar("cpus").Should().Be(2);
        eng.Reserved.Should().Be(Resources.Empty, "the agent reserving for eng is unreachable");
        eng.Quota!.Guarantees["cpus"].Value.Should().Be(4);
        eng.Consumed.Scalar("cpus").Should().Be(1 + 2 + 0.5, "its own allocation, and its child's reservation and allocation");
        eng.Consumed.Scalar("mem").Should().Be(128);

        var web = roles["eng/web"];
        web.Reserved.Scalar("cpus").Should().Be(2);
        web.Consumed.Scalar("cpus").Should().Be(2.5);
        web.Quota.Should().BeNull();

        RoleResponses.Roles(state).Roles.Single(r => r.Name == "eng").Resources.Sum(r => r.Name == "cpus" ? r.Scalar.Value : 0).Should().Be(3);
    }
}
