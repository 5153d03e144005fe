using Mesos.Actors.Master.Roles;
using Mesos.V1;
using Mesos.V1.Quota;

namespace Mesos.Actors.Tests.Master.Roles;

public sealed class RoleConfigValidatorTests
{
    private static readonly Dictionary<string, QuotaConfig> NoQuotas = [];

    private static WeightInfo Weight(string role, double weight) => new() { Role = role, Weight = weight };

    private static QuotaConfig Config(string role, string guarantees = "", string limits = "")
    {
        var config = new QuotaConfig { Role = role };
        foreach (var (name, value) in Amounts(guarantees)) config.Guarantees[name] = new Value.Types.Scalar { Value = value };
        foreach (var (name, value) in Amounts(limits)) config.Limits[name] = new Value.Types.Scalar { Value = value };
        return config;
    }

    private static IEnumerable<(string, double)> Amounts(string text) =>
        text.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(t => t.Split(':')).Select(p => (p[0], double.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Positive_weights_for_valid_roles_including_the_default_one_pass() =>
        RoleConfigValidator.ValidateWeights([Weight("dev", 2.5), Weight("*", 0.5)]).Should().BeNull();

    [Theory]
    [InlineData("dev", 0)]
    [InlineData("dev", -1)]
    [InlineData("dev", double.NaN)]
    [InlineData("dev", double.PositiveInfinity)]
    [InlineData("-dev", 1)]
    [InlineData("", 1)]
    public void Non_positive_weights_and_bad_roles_are_refused(string role, double weight) =>
        RoleConfigValidator.ValidateWeights([Weight(role, weight)]).Should().NotBeNullOrEmpty();

    [Fact]
    public void A_role_weighted_twice_in_one_request_or_no_weights_at_all_is_refused()
    {
        RoleConfigValidator.ValidateWeights([Weight("dev", 1), Weight("dev", 2)]).Should().Contain("more than once");
        RoleConfigValidator.ValidateWeights([]).Should().NotBeNull();
        RoleConfigValidator.ValidateWeights([new WeightInfo { Weight = 1 }]).Should().Contain("role");
    }

    [Fact]
    public void Guarantees_within_limits_pass() =>
        RoleConfigValidator.ValidateQuota([Config("dev", "cpus:2;mem:512", "cpus:4")], NoQuotas).Should().BeNull();

    [Theory]
    [InlineData("*", "cpus:1", "")]
    [InlineData("eng//dev", "cpus:1", "")]
    [InlineData("dev", "cpus:-1", "")]
    [InlineData("dev", "", "mem:-5")]
    [InlineData("dev", "cpus:3", "cpus:2")]
    public void Bad_quotas_are_refused(string role, string guarantees, string limits) =>
        RoleConfigValidator.ValidateQuota([Config(role, guarantees, limits)], NoQuotas).Should().NotBeNullOrEmpty();

    [Fact]
    public void Children_may_not_be_guaranteed_more_than_their_parent_together()
    {
        var current = new Dictionary<string, QuotaConfig> { ["eng"] = Config("eng", "cpus:4"), ["eng/ci"] = Config("eng/ci", "cpus:3") };
        RoleConfigValidator.ValidateQuota([Config("eng/dev", "cpus:1")], current).Should().BeNull();
        RoleConfigValidator.ValidateQuota([Config("eng/dev", "cpus:2")], current).Should().Contain("eng");
        RoleConfigValidator.ValidateQuota([Config("eng", "cpus:2")], current).Should().NotBeNull();
    }

    [Fact]
    public void A_child_limit_may_not_be_above_its_parent_limit_but_may_be_absent()
    {
        var current = new Dictionary<string, QuotaConfig> { ["eng"] = Config("eng", limits: "cpus:4") };
        RoleConfigValidator.ValidateQuota([Config("eng/dev", limits: "cpus:8")], current).Should().Contain("exceeds");
        RoleConfigValidator.ValidateQuota([Config("eng/dev", "cpus:0")], current).Should().BeNull();
    }

    [Fact]
    public void Removing_a_role_quota_is_checked_against_what_remains()
    {
        var current = new Dictionary<string, QuotaConfig> { ["eng"] = Config("eng", "cpus:4"), ["eng/dev"] = Config("eng/dev", "cpus:3") };
        RoleConfigValidator.ValidateQuota([Config("eng")], current).Should().NotBeNull();
        RoleConfigValidator.ValidateQuota([Config("eng/dev"), Config("eng")], current).Should().BeNull();
    }
}
