using Mesos.Host.Marathon.Apps;
using Mesos.Host.Marathon.Launching;
using static Mesos.Host.Tests.Marathon.MarathonTestData;

namespace Mesos.Host.Tests.Marathon;

/// <summary>Placing waiting instances on an offer, and naming why an offer does not fit.</summary>
public sealed class OfferMatcherTests
{
    [Fact]
    public void An_offer_takes_as_many_instances_as_its_resources_and_ports_allow()
    {
        var app = App(5) with { Definition = App(5).Definition with { Cpus = 1, Mem = 100 } };
        var offer = Offer("h1", "cpus:3;mem:1000;ports:[31000-31001]");

        var result = OfferMatcher.Match(offer, [new OfferMatcher.Request(app, 5, [])]);

        result.Launches.Select(l => l.Ports.Single()).Should().Equal(31000, 31001);
        result.Rejected.Should().BeEmpty();
    }

    [Fact]
    public void An_offer_takes_no_more_instances_than_its_limit_and_an_app_left_out_by_it_is_not_refused()
    {
        var app = App(5) with { Definition = App(5).Definition with { Cpus = 0.1, Mem = 10 } };
        var other = App(2) with { Definition = App(2).Definition with { Id = "/other", Cpus = 0.1, Mem = 10 } };

        var result = OfferMatcher.Match(Offer("h1", "cpus:4;mem:1000;ports:[31000-31010]"), [new OfferMatcher.Request(app, 5, []), new OfferMatcher.Request(other, 2, [])], limit: 3);

        result.Launches.Select(l => l.App.Id).Should().Equal("/web", "/web", "/web");
        result.Rejected.Should().BeEmpty();
    }

    [Fact]
    public void An_offer_that_fits_nothing_names_every_reason()
    {
        var app = App(1) with { Definition = App(1).Definition with { Cpus = 8, Mem = 4096, Constraints = [new AppConstraint("rack", "IS", "z")] } };

        var result = OfferMatcher.Match(Offer("h1", "cpus:2;mem:1024"), [new OfferMatcher.Request(app, 1, [])]);

        result.Launches.Should().BeEmpty();
        result.Rejected["/web"].Should().BeEquivalentTo([RejectReason.UnfulfilledConstraint, RejectReason.InsufficientCpus, RejectReason.InsufficientMemory, RejectReason.InsufficientPorts]);
    }

    [Fact]
    public void UNIQUE_hostname_places_one_instance_per_offer_and_roles_other_than_the_default_are_not_offered()
    {
        var unique = App(3) with { Definition = App(3).Definition with { Cpus = 0.1, Mem = 10, Constraints = [new AppConstraint("hostname", "UNIQUE", null)] } };
        var reserved = App(1) with { Definition = App(1).Definition with { Id = "/other", Cpus = 0.1, Mem = 10, AcceptedResourceRoles = ["prod"] } };

        var result = OfferMatcher.Match(Offer("h1", "cpus:4;mem:1000;ports:[31000-31010]"), [new OfferMatcher.Request(unique, 3, []), new OfferMatcher.Request(reserved, 1, [])]);

        result.Launches.Should().ContainSingle();
        result.Rejected["/other"].Should().Equal(RejectReason.UnfulfilledRole);
    }

    [Fact]
    public void Fixed_ports_must_be_offered_and_any_port_takes_the_lowest_free_one()
    {
        OfferMatcher.ChoosePorts([(31000, 31005)], [0, 31000, 0])!.Value.Should().Equal(31001, 31000, 31002);
        OfferMatcher.ChoosePorts([(31000, 31005)], [8080]).Should().BeNull();
        OfferMatcher.ChoosePorts([(31000, 31000)], [0, 0]).Should().BeNull();
    }
}
