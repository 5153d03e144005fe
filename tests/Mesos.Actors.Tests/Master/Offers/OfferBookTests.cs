using Mesos.Actors.Master.Offers;
using Mesos.Actors.Protocol;
using Mesos.V1;

namespace Mesos.Actors.Tests.Master.Offers;

public sealed class OfferBookTests
{
    private static OutstandingOffer Offer(string id, string framework, string agent) => new(
        new Offer { Id = new OfferID { Value = id }, FrameworkId = new FrameworkID { Value = framework }, AgentId = new AgentID { Value = agent } },
        Resources.Parse("cpus:1"),
        "*");

    [Fact]
    public void Offers_are_found_by_id_by_framework_and_by_agent_until_removed()
    {
        var book = new OfferBook();
        book.Add(Offer("o1", "f1", "a1"));
        book.Add(Offer("o2", "f1", "a2"));
        book.Add(Offer("o3", "f2", "a1"));

        book.OfFramework("f1").Select(o => o.Id).Should().BeEquivalentTo(["o1", "o2"]);
        book.OnAgent("a1").Select(o => o.Id).Should().BeEquivalentTo(["o1", "o3"]);

        book.Remove("o1").Should().BeTrue();
        book.Remove("o1").Should().BeFalse("it is gone");
        book.Find("o1").Should().BeNull();
        book.OfFramework("f1").Select(o => o.Id).Should().Equal("o2");
        book.OnAgent("a1").Select(o => o.Id).Should().Equal("o3");
        book.All().Select(o => o.Id).Should().BeEquivalentTo(["o2", "o3"]);
    }

    [Fact]
    public void What_the_book_lists_stays_whole_while_the_offers_listed_are_removed()
    {
        var book = new OfferBook();
        book.Add(Offer("o1", "f1", "a1"));
        book.Add(Offer("o2", "f1", "a1"));

        foreach (var offer in book.OnAgent("a1")) book.Remove(offer.Id);

        book.All().Should().BeEmpty();
        book.OfFramework("f1").Should().BeEmpty();
    }

    [Fact]
    public void An_offer_goes_back_to_the_allocator_unallocated_under_its_role()
    {
        var offer = new OutstandingOffer(Offer("o1", "f1", "a1").Offer, Resources.Parse("cpus:1").AllocatedTo("web"), "web");

        offer.Recovered(3).Should().Be(new Mesos.Actors.Master.Allocation.ResourcesRecovered("f1", "a1", "web", Resources.Parse("cpus:1"), 3));
    }
}
