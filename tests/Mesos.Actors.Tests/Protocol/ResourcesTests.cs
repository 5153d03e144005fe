using System.Text.Json.Nodes;
using Mesos.Actors.Protocol;
using Mesos.Actors.Protocol.Json;
using Mesos.V1;

namespace Mesos.Actors.Tests.Protocol;

public sealed class ResourcesTests
{
    [Fact]
    public void Parses_the_agent_flag_form_and_prints_it_back_in_Mesos_text_form()
    {
        var resources = Resources.Parse("cpus:2;mem:512;disk:1024;ports:[31000-32000]");

        resources.Scalar("cpus").Should().Be(2);
        resources.Scalar("mem").Should().Be(512);
        resources.Ranges("ports").Should().Equal((31000UL, 32000UL));
        resources.ToString().Should().Be("cpus:2; mem:512; disk:1024; ports:[31000-32000]");
    }

    [Fact]
    public void A_role_in_parentheses_is_a_static_reservation()
    {
        var resources = Resources.Parse("cpus(ads):8;mem(ads):4096;cpus:1");

        resources.Reserved("ads").Scalar("cpus").Should().Be(8);
        resources.Unreserved().Scalar("cpus").Should().Be(1);
        resources.Scalar("cpus").Should().Be(9);
        resources.Reserved().ToProtos()[0].Reservations.Should().ContainSingle()
            .Which.Type.Should().Be(Resource.Types.ReservationInfo.Types.Type.Static);
        resources.ToString().Should().Be("cpus:1; cpus(ads):8; mem(ads):4096");
        Resources.Parse(resources.ToString()).Should().Be(resources);
    }

    [Fact]
    public void Parses_the_JSON_array_form()
    {
        var resources = Resources.Parse("[{\"name\":\"cpus\",\"type\":\"SCALAR\",\"scalar\":{\"value\":1.5},\"role\":\"*\"},{\"name\":\"ports\",\"type\":\"RANGES\",\"ranges\":{\"range\":[{\"begin\":80,\"end\":80}]}}]");

        resources.Should().Be(Resources.Parse("cpus:1.5;ports:[80-80]"));
    }

    [Fact]
    public void Scalars_keep_three_decimal_digits_so_sums_do_not_drift()
    {
        var tenth = Resources.Parse("cpus:0.1");
        var sum = Enumerable.Repeat(tenth, 10).Aggregate(Resources.Empty, (a, b) => a + b);

        sum.Should().Be(Resources.Parse("cpus:1"));
        Resources.Parse("cpus:0.0004").IsEmpty.Should().BeTrue();
        Resources.Parse("mem:1.0005").Scalar("mem").Should().Be(1.001);
    }

    [Fact]
    public void Subtracting_ranges_splits_them_and_adding_merges_adjacent_ones()
    {
        var ports = Resources.Parse("ports:[31000-32000]");

        var left = ports - Resources.Parse("ports:[31100-31199]");

        left.Ranges("ports").Should().Equal((31000UL, 31099UL), (31200UL, 32000UL));
        (left + Resources.Parse("ports:[31100-31199]")).Should().Be(ports);
    }

    [Fact]
    public void Sets_unite_and_subtract()
    {
        var zones = Resources.Parse("zones:{a,b}") + Resources.Parse("zones:{b,c}");

        zones.Set("zones").Should().BeEquivalentTo(["a", "b", "c"]);
        (zones - Resources.Parse("zones:{a}")).Set("zones").Should().BeEquivalentTo(["b", "c"]);
        zones.Contains(Resources.Parse("zones:{c}")).Should().BeTrue();
    }

    [Fact]
    public void Contains_is_per_resource_and_reservation()
    {
        var agent = Resources.Parse("cpus:4;mem(ads):1024");

        agent.Contains(Resources.Parse("cpus:4")).Should().BeTrue();
        agent.Contains(Resources.Parse("cpus:4.001")).Should().BeFalse();
        agent.Contains(Resources.Parse("mem:1")).Should().BeFalse("the memory is reserved for ads");
        agent.Flatten().Contains(Resources.Parse("mem:1024;cpus:4")).Should().BeTrue();
    }

    [Fact]
    public void Old_and_new_reservation_formats_are_the_same_resource()
    {
        var old = new Resource { Name = "cpus", Type = Value.Types.Type.Scalar, Scalar = new Value.Types.Scalar { Value = 1 }, Role = "ads" };
        var refined = new Resource
        {
            Name = "cpus", Type = Value.Types.Type.Scalar, Scalar = new Value.Types.Scalar { Value = 1 },
            Reservations = { new Resource.Types.ReservationInfo { Type = Resource.Types.ReservationInfo.Types.Type.Static, Role = "ads" } },
        };

        Resources.FromProtos([old]).Should().Be(Resources.FromProtos([refined]));
        Resources.FromProtos([refined]).ToProtos(ResourceFormat.PreReservationRefinement).Single().Role.Should().Be("ads");
        Resources.Parse("cpus:1").ToProtos(ResourceFormat.PreReservationRefinement).Single().Role.Should().Be("*");
    }

    [Theory]
    [InlineData("cpus:-1", "negative")]
    [InlineData("cpus:abc", "not a number")]
    [InlineData("ports:[5-3]", "invalid range")]
    [InlineData("ports:[1-5,3-7]", "overlapping")]
    [InlineData(":5", "Empty resource name")]
    [InlineData("cpus", "name:value")]
    [InlineData("cpus():1", "empty role")]
    [InlineData("zones:{a,a}", "duplicate")]
    public void Invalid_resources_are_refused_with_a_reason(string text, string reason)
    {
        var parse = () => Resources.Parse(text);

        parse.Should().Throw<FormatException>().Which.Message.Should().Contain(reason);
        Resources.TryParse(text, out _, out var error).Should().BeFalse();
        error.Should().Contain(reason);
    }

    [Fact]
    public void Protos_of_an_unknown_or_unsuitable_type_are_refused()
    {
        var text = new Resource { Name = "x", Type = Value.Types.Type.Text };
        var mismatched = new Resource { Name = "x", Type = Value.Types.Type.Scalar, Set = new Value.Types.Set() };

        Resources.Validate(text).Should().Contain("unsupported type");
        Resources.Validate(mismatched).Should().Contain("must have a scalar");
        var build = () => Resources.FromProtos([text]);
        build.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Flat_JSON_matches_the_v0_endpoints()
    {
        var slave = JsonNode.Parse(Golden.Text("master_slaves.json"))!["slaves"]![0]!;
        var total = Resources.FromProtos(slave["unreserved_resources_full"]!.AsArray()
            .Select(r => MesosJson.Parse<Resource>(r!.ToJsonString())));

        JsonNode.DeepEquals(Golden.Normalized(total.ToFlatJson()), Golden.Normalized(slave["resources"]!.ToJsonString())).Should().BeTrue();
        Resources.Empty.ToFlatJson().Should().Be("{\"cpus\":0.0,\"gpus\":0.0,\"mem\":0.0,\"disk\":0.0}");
    }

    [Fact]
    public void Revocable_resources_are_kept_apart_in_flat_JSON()
    {
        var revocable = Resources.FromProtos([new Resource
        {
            Name = "cpus", Type = Value.Types.Type.Scalar, Scalar = new Value.Types.Scalar { Value = 2 },
            Revocable = new Resource.Types.RevocableInfo(),
        }]);

        (revocable + Resources.Parse("cpus:1")).ToFlatJson()
            .Should().Be("{\"gpus\":0.0,\"mem\":0.0,\"disk\":0.0,\"cpus\":1.0,\"cpus_revocable\":2.0}");
    }

    [Fact]
    public void Allocation_marks_resources_without_changing_amounts()
    {
        var offered = Resources.Parse("cpus:1;mem:128").AllocatedTo("web");

        offered.ToProtos().Should().OnlyContain(r => r.AllocationInfo.Role == "web");
        offered.Unallocated().Should().Be(Resources.Parse("cpus:1;mem:128"));
        offered.ScalarQuantities().Should().BeEquivalentTo(new Dictionary<string, double> { ["cpus"] = 1, ["mem"] = 128 });
    }
}
