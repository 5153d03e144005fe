using Mesos.Host.Http;

namespace Mesos.Host.Tests.Http;

/// <summary>What a master or agent advertises without --hostname, as Mesos decides it.</summary>
public sealed class AdvertisedAddressTests
{
    [Fact]
    public void With_lookup_the_name_of_the_ip_is_advertised()
    {
        AdvertisedAddress.Resolve("127.0.0.1", "", lookup: true).Should().Be(new AdvertisedAddress("127.0.0.1", "localhost"));
    }

    [Fact]
    public void Without_lookup_the_ip_is_advertised()
    {
        AdvertisedAddress.Resolve("127.0.0.1", "", lookup: false).Should().Be(new AdvertisedAddress("127.0.0.1", "127.0.0.1"));
    }

    [Fact]
    public void A_configured_hostname_is_advertised_as_it_is()
    {
        AdvertisedAddress.Resolve("127.0.0.1", "node-7.example", lookup: true).Hostname.Should().Be("node-7.example");
    }

    [Fact]
    public void An_ip_without_a_name_is_advertised_as_the_ip()
    {
        // TEST-NET-1 (RFC 5737): documentation addresses, which no resolver names.
        AdvertisedAddress.Resolve("192.0.2.77", "", lookup: true).Hostname.Should().Be("192.0.2.77");
    }
}
