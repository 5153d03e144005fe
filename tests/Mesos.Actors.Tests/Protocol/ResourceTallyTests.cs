using FsCheck;
using FsCheck.Fluent;
using Mesos.Actors.Master.Allocation;
using Mesos.Actors.Protocol;
using Mesos.V1;

namespace Mesos.Actors.Tests.Protocol;

/// <summary>
/// A tally sums what a bag of resources would, by allocation role and without allocation: plain scalars by name in
/// thousandths, everything else as the bag does.
/// </summary>
public sealed class ResourceTallyTests
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(300);

    private static Resource Scalar(string name, double value, string? allocatedTo = null)
    {
        var resource = new Resource { Name = name, Type = Value.Types.Type.Scalar, Scalar = new Value.Types.Scalar { Value = value } };
        if (allocatedTo is not null) resource.AllocationInfo = new Resource.Types.AllocationInfo { Role = allocatedTo };
        return resource;
    }

    private static ResourceTally Of(IEnumerable<Resource> resources, string unallocatedRole = "*")
    {
        var tally = new ResourceTally();
        foreach (var resource in resources) tally.Add(resource, unallocatedRole);
        return tally;
    }

    [Fact]
    public void Scalars_add_up_in_thousandths_as_a_bag_keeps_them()
    {
        var tally = Of(Enumerable.Range(0, 3).Select(_ => Scalar("cpus", 0.1, "prod")).Append(Scalar("mem", 0.0004, "prod")).Append(Scalar("mem", 0.0006, "prod")));

        tally.Total().Should().Be(Resources.Parse("cpus:0.3;mem:0.001"));
        tally.Total().Scalar("cpus").Should().Be(0.3, "0.1 + 0.1 + 0.1 is 0.30000000000000004 in doubles");
    }

    [Fact]
    public void Each_role_holds_what_was_allocated_to_it_and_unallocated_resources_count_as_the_fallback_role()
    {
        var tally = Of([Scalar("cpus", 1, "prod"), Scalar("cpus", 2, "dev"), Scalar("cpus", 4), Scalar("mem", 64, "prod")], unallocatedRole: "legacy");

        tally.ByRole().ToDictionary(p => p.Role, p => p.Resources.ToString()).Should().BeEquivalentTo(new Dictionary<string, string>
        {
            ["prod"] = "cpus:1; mem:64",
            ["dev"] = "cpus:2",
            ["legacy"] = "cpus:4",
        });
        tally.Total().Should().Be(Resources.Parse("cpus:7;mem:64"));
    }

    [Fact]
    public void Reserved_revocable_ranges_and_sets_stay_apart_from_plain_scalars()
    {
        var reserved = Scalar("cpus", 2, "prod");
        reserved.Reservations.Add(new Resource.Types.ReservationInfo { Type = Resource.Types.ReservationInfo.Types.Type.Static, Role = "prod" });
        var oldStyleReserved = Scalar("cpus", 3, "prod");
        oldStyleReserved.Role = "prod";
        var revocable = Scalar("cpus", 5, "prod");
        revocable.Revocable = new Resource.Types.RevocableInfo();
        var ports = Resources.Parse("ports:[31000-31001]").AllocatedTo("prod").ToProtos();
        var zones = Resources.Parse("zones:{a}").AllocatedTo("prod").ToProtos();

        var total = Of([Scalar("cpus", 1, "prod"), reserved, oldStyleReserved, revocable, .. ports, .. zones]).Total();

        total.Unreserved().NonRevocable().Scalar("cpus").Should().Be(1);
        total.Reserved("prod").Scalar("cpus").Should().Be(5);
        total.Revocable().Scalar("cpus").Should().Be(5);
        total.Ranges("ports").Should().Equal((31000UL, 31001UL));
        total.Set("zones").Should().BeEquivalentTo(["a"]);
    }

    [Fact]
    public void Roles_that_hold_nothing_are_left_out()
    {
        Of([Scalar("cpus", 0, "prod"), Scalar("cpus", 1, "dev")]).ByRole().Select(p => p.Role).Should().Equal("dev");
        new ResourceTally().Total().IsEmpty.Should().BeTrue();
    }

    [Fact]
    public void The_total_is_the_bag_of_everything_without_allocation() =>
        Prop.ForAll(AnyResources(), resources =>
            Of(resources).Total() == Resources.FromProtos(resources).Unallocated()).Check(Quick);

    [Fact]
    public void Each_role_holds_what_the_allocator_was_told_from_a_bag() =>
        Prop.ForAll(AnyResources(), resources =>
        {
            var tallied = Of(resources, "legacy").ByRole().ToDictionary(p => p.Role, p => p.Resources);
            var bagged = Recovery.ByRole(Resources.FromProtos(resources), "legacy").ToDictionary(p => p.Role, p => p.Resources);
            return tallied.Count == bagged.Count && tallied.All(p => bagged.TryGetValue(p.Key, out var b) && b == p.Value);
        }).Check(Quick);

    [Fact]
    public void Plain_scalars_fit_by_name_whatever_role_they_are_allocated_to()
    {
        var total = Of([Scalar("cpus", 4), Scalar("mem", 1024)]);

        Of([Scalar("cpus", 1, "prod"), Scalar("cpus", 3, "dev"), Scalar("mem", 1024, "prod")]).IsWithin(total).Should().BeTrue();
        Of([Scalar("cpus", 1, "prod"), Scalar("cpus", 3.001, "dev")]).IsWithin(total).Should().BeFalse();
        Of([Scalar("gpus", 0.001, "prod")]).IsWithin(total).Should().BeFalse("the agent has no gpus");
        Of([Scalar("gpus", 0, "prod")]).IsWithin(total).Should().BeTrue("nothing is held of what is held at zero");
    }

    [Fact]
    public void What_is_not_a_plain_scalar_fits_as_bags_do()
    {
        var total = Of([Scalar("cpus", 4), .. Resources.Parse("ports:[31000-31001]").ToProtos()]);

        Of([Scalar("cpus", 1, "prod"), .. Resources.Parse("ports:[31001-31001]").AllocatedTo("prod").ToProtos()]).IsWithin(total).Should().BeTrue();
        Of([Scalar("cpus", 1, "prod"), .. Resources.Parse("ports:[31002-31002]").AllocatedTo("prod").ToProtos()]).IsWithin(total).Should().BeFalse();
        Of([.. Resources.Parse("cpus(prod):1").ToProtos()]).IsWithin(total).Should().BeFalse("the agent has no cpus reserved for prod");
    }

    [Fact]
    public void Fitting_within_is_the_containment_of_the_bags() =>
        Prop.ForAll(AnyResources(), AnyResources(), (held, total) =>
            Of(held).IsWithin(Of(total)) == Resources.FromProtos(total).Unallocated().Contains(Resources.FromProtos(held).Unallocated())).Check(Quick);

    // Amounts in thousandths and below (rounded as a bag rounds them), roles old and new, allocated or not, and the
    // kinds of resource that must not be summed as plain scalars.
    private static Arbitrary<Resource[]> AnyResources()
    {
        var scalar = Gen.Elements("cpus", "mem").SelectMany(name => Gen.Choose(0, 20_000).Select(tenths => Scalar(name, tenths / 10_000.0)));
        var ports = Gen.Choose(0, 30).Select(begin => new Resource
        {
            Name = "ports", Type = Value.Types.Type.Ranges,
            Ranges = new Value.Types.Ranges { Range = { new Value.Types.Range { Begin = (ulong)begin, End = (ulong)begin + 2 } } },
        });
        var kind = Gen.Elements("plain", "explicit *", "reserved", "old-style reserved", "revocable");
        var allocation = Gen.Elements<string?>(null, "prod", "dev");
        var resource = Gen.OneOf(scalar, scalar, scalar, ports).SelectMany(r => kind.SelectMany(k => allocation.Select(a =>
        {
            var made = r.Clone();
            switch (k)
            {
                case "explicit *":
                    made.Role = "*";
                    break;
                case "reserved":
                    made.Reservations.Add(new Resource.Types.ReservationInfo { Type = Resource.Types.ReservationInfo.Types.Type.Static, Role = "prod" });
                    break;
                case "old-style reserved":
                    made.Role = "prod";
                    break;
                case "revocable":
                    made.Revocable = new Resource.Types.RevocableInfo();
                    break;
            }
            if (a is not null) made.AllocationInfo = new Resource.Types.AllocationInfo { Role = a };
            return made;
        })));
        return Gen.ArrayOf(resource).ToArbitrary();
    }
}
