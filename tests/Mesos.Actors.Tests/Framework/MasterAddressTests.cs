using Mesos.Actors.Framework;

namespace Mesos.Actors.Tests.Framework;

public sealed class MasterAddressTests
{
    [Theory]
    [InlineData("10.0.0.1:5050", "10.0.0.1", 5050)]
    [InlineData("master.example:6060", "master.example", 6060)]
    [InlineData("master.example", "master.example", 5050)]
    [InlineData(" http://127.0.0.1:5051 ", "127.0.0.1", 5051)]
    [InlineData("http://127.0.0.1:80", "127.0.0.1", 80)]
    [InlineData("[::1]:5050", "[::1]", 5050)]
    public void Reads_the_forms_schedulers_are_given(string text, string host, int port)
    {
        var address = MasterAddress.Parse(text);

        address.Should().Be(new MasterAddress(host, port));
        address.ToString().Should().Be($"{host}:{port}");
        address.SchedulerEndpoint.Port.Should().Be(port);
        address.SchedulerEndpoint.AbsolutePath.Should().Be("/api/v1/scheduler");
    }

    [Theory]
    [InlineData("")]
    [InlineData(":")]
    [InlineData("host:port")]
    [InlineData("host:5050/path")]
    [InlineData("https://host:5050")]
    [InlineData("zk://host:2181/mesos")]
    public void Refuses_what_is_not_an_address(string text)
    {
        MasterAddress.TryParse(text, out _).Should().BeFalse();
        var parse = () => MasterAddress.Parse(text);
        parse.Should().Throw<FormatException>().WithMessage($"*'{text}'*");
    }

    [Fact]
    public void Reads_a_list_of_masters()
    {
        MasterAddress.ParseList("m1:5050, m2:5051,m3").Should().Equal(
            new MasterAddress("m1", 5050), new MasterAddress("m2", 5051), new MasterAddress("m3", 5050));
        var empty = () => MasterAddress.ParseList(" , ");
        empty.Should().Throw<FormatException>();
    }

    [Theory]
    [InlineData("//leader.example:5052/api/v1/scheduler", "leader.example", 5052)]
    [InlineData("//10.0.0.2:5050/master/api/v1/scheduler", "10.0.0.2", 5050)]
    [InlineData("http://10.0.0.3:5050/api/v1/scheduler", "10.0.0.3", 5050)]
    public void Finds_the_leader_in_a_redirect(string location, string host, int port)
    {
        MasterAddress.TryFromLocation(location, out var leader).Should().BeTrue();

        leader.Should().Be(new MasterAddress(host, port));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("/api/v1/scheduler")]
    public void A_redirect_without_a_host_names_no_leader(string? location)
    {
        MasterAddress.TryFromLocation(location, out _).Should().BeFalse();
    }
}
