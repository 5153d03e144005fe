using Mesos.Actors.Master;
using Mesos.Actors.Master.Roles;
using Mesos.Actors.Protocol;
using Mesos.V1;
using Mesos.V1.Quota;
using Resources = Mesos.Actors.Protocol.Resources;

namespace Mesos.Actors.Tests.Master;

/// <summary>Weights and quotas the operator sets: kept by the master, and obeyed by what it offers.</summary>
public sealed class RoleConfigTests : MasterHarness
{
    private object Ask(object request)
    {
        Master.Tell(request, TestActor);
        return ExpectMsg<object>(m => m is CallAccepted or CallRefused);
    }

    private MasterState State()
    {
        Master.Tell(GetMasterState.Instance, TestActor);
        return ExpectMsg<MasterState>();
    }

    private static QuotaConfig Config(string role, double? guaranteedCpus = null, double? cpuLimit = null)
    {
        var config = new QuotaConfig { Role = role };
        if (guaranteedCpus is { } g) config.Guarantees["cpus"] = new Value.Types.Scalar { Value = g };
        if (cpuLimit is { } l) config.Limits["cpus"] = new Value.Types.Scalar { Value = l };
        return config;
    }

    private static double Cpus(IEnumerable<Offer> offers) => offers.Sum(o => Resources.FromProtos(o.Resources).Scalar("cpus"));

    [Fact]
    public void A_role_with_a_guarantee_is_offered_first_until_it_is_met()
    {
        Ask(new UpdateQuota([Config("prod", guaranteedCpus: 8)], Force: true)).Should().Be(CallAccepted.Instance);
        var dev = SubscribeFramework("dev", role: "dev");
        var prod = SubscribeFramework("prod", role: "prod");
        SubscribeAgent("cpus:4;mem:1024", "a1");
        SubscribeAgent("cpus:4;mem:1024", "a2");

        Cpus(Offers(prod)).Should().Be(8);
        Offers(dev).Should().BeEmpty();
    }

    [Fact]
    public void A_role_is_never_offered_beyond_its_limit()
    {
        Ask(new UpdateQuota([Config("dev", cpuLimit: 4)], Force: true)).Should().Be(CallAccepted.Instance);
        var dev = SubscribeFramework("dev", role: "dev");
        SubscribeAgent("cpus:4;mem:1024", "a1");
        SubscribeAgent("cpus:4;mem:1024", "a2");

        Cpus(Offers(dev)).Should().Be(4);
    }

    [Fact]
    public void Removing_a_limit_lets_the_role_be_offered_the_rest()
    {
        Ask(new UpdateQuota([Config("dev", cpuLimit: 4)], Force: true));
        var dev = SubscribeFramework("dev", role: "dev");
        SubscribeAgent("cpus:4;mem:1024", "a1");
        SubscribeAgent("cpus:4;mem:1024", "a2");
        Cpus(Offers(dev)).Should().Be(4);

        Ask(new UpdateQuota([Config("dev")], Force: false)).Should().Be(CallAccepted.Instance);
        Cpus(Offers(dev)).Should().Be(4);
        State().Quotas.Should().BeEmpty();
    }

    [Fact]
    public void Guarantees_beyond_the_cluster_are_refused_unless_forced()
    {
        SubscribeAgent("cpus:4;mem:1024");
        Ask(new UpdateQuota([Config("prod", guaranteedCpus: 5)], Force: false)).Should().BeOfType<CallRefused>()
            .Which.Message.Should().Contain("force");
        State().Quotas.Should().BeEmpty();
        Ask(new UpdateQuota([Config("prod", guaranteedCpus: 4)], Force: false)).Should().Be(CallAccepted.Instance);
        State().Quotas.Should().ContainKey("prod");
    }

    private static QuotaRequest Request(string role, params (string Name, double Amount)[] guarantee) => new()
    {
        Role = role,
        Guarantee = { guarantee.Select(g => new Resource { Name = g.Name, Type = Value.Types.Type.Scalar, Scalar = new Value.Types.Scalar { Value = g.Amount } }) },
    };

    [Fact]
    public void SET_QUOTA_sets_the_guarantee_as_the_limit_too_and_refuses_a_role_that_has_quota()
    {
        SubscribeAgent("cpus:4;mem:1024");
        Ask(new SetQuota(Request("prod", ("cpus", 2)))).Should().Be(CallAccepted.Instance);
        var config = State().Quotas["prod"];
        config.Guarantees["cpus"].Value.Should().Be(2);
        config.Limits["cpus"].Value.Should().Be(2);

        Ask(new SetQuota(Request("prod", ("cpus", 1)))).Should().BeOfType<CallRefused>().Which.Message.Should().Contain("already has quota");
        State().Quotas["prod"].Guarantees["cpus"].Value.Should().Be(2);

        var prod = SubscribeFramework("prod", role: "prod");
        Cpus(Offers(prod)).Should().Be(2, "the limit is the guarantee");
    }

    [Fact]
    public void SET_QUOTA_refuses_what_is_not_a_plain_scalar_guarantee()
    {
        SubscribeAgent("cpus:4;mem:1024");
        var ports = Request("web");
        ports.Guarantee.Add(Resources.Parse("ports:[31000-31001]").ToProtos());
        var reserved = Request("web");
        reserved.Guarantee.Add(Resources.Parse("cpus(web):1").ToProtos());
        foreach (var bad in new[] { Request("web"), Request("", ("cpus", 1)), Request("web", ("cpus", -1)), Request("web", ("cpus", 1), ("cpus", 2)), Request("web", ("cpus", 5)), ports, reserved })
        {
            Ask(new SetQuota(bad)).Should().BeOfType<CallRefused>(bad.ToString());
        }
        State().Quotas.Should().BeEmpty();
    }

    [Fact]
    public void REMOVE_QUOTA_lifts_the_limit_and_refuses_a_role_without_quota()
    {
        SubscribeAgent("cpus:4;mem:1024");
        Ask(new SetQuota(Request("dev", ("cpus", 1)))).Should().Be(CallAccepted.Instance);
        var dev = SubscribeFramework("dev", role: "dev");
        Cpus(Offers(dev)).Should().Be(1);

        Ask(new RemoveQuota("dev")).Should().Be(CallAccepted.Instance);
        State().Quotas.Should().BeEmpty();
        Cpus(Offers(dev)).Should().Be(3);
        Ask(new RemoveQuota("dev")).Should().BeOfType<CallRefused>().Which.Message.Should().Contain("no quota");
    }

    [Fact]
    public void Weights_are_kept_and_a_request_with_one_bad_weight_changes_nothing()
    {
        Ask(new UpdateWeights([new WeightInfo { Role = "dev", Weight = 2 }])).Should().Be(CallAccepted.Instance);
        var refused = Ask(new UpdateWeights([new WeightInfo { Role = "dev", Weight = 3 }, new WeightInfo { Role = "ops", Weight = 0 }]));

        refused.Should().BeOfType<CallRefused>().Which.Reason.Should().Be(CallRefusal.Invalid);
        State().Weights.Should().Equal(new Dictionary<string, double> { ["dev"] = 2 });
    }

    [Fact]
    public void A_heavier_role_is_offered_more_of_the_cluster()
    {
        Ask(new UpdateWeights([new WeightInfo { Role = "heavy", Weight = 3 }])).Should().Be(CallAccepted.Instance);
        var light = SubscribeFramework("light", role: "light");
        var heavy = SubscribeFramework("heavy", role: "heavy");
        for (var i = 0; i < 4; i++) SubscribeAgent("cpus:1;mem:256", $"a{i}");

        Cpus(Offers(heavy)).Should().Be(3);
        Cpus(Offers(light)).Should().Be(1);
    }
}
