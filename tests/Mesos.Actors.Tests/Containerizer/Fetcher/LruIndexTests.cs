using Mesos.Actors.Containerizer.Fetcher;
using Mesos.Actors.Protocol;

namespace Mesos.Actors.Tests.Containerizer.Fetcher;

public sealed class LruIndexTests
{
    [Fact]
    public void The_least_recently_used_entries_go_first_to_make_room()
    {
        var index = new LruIndex(300);
        index.Admit("a", 100).Should().BeEmpty();
        index.Admit("b", 100).Should().BeEmpty();
        index.Admit("c", 100).Should().BeEmpty();
        index.Touch("a").Should().BeTrue();

        index.Admit("d", 150).Should().Equal("b", "c");

        index.Used.Should().Be(250);
        index.Touch("a").Should().BeTrue();
        index.Touch("b").Should().BeFalse();
    }

    [Fact]
    public void An_entry_larger_than_the_cache_is_not_admitted_and_evicts_nothing()
    {
        var index = new LruIndex(300);
        index.Admit("a", 100);

        index.Admit("huge", 301).Should().BeNull();

        index.Touch("a").Should().BeTrue();
        index.Used.Should().Be(100);
    }

    [Fact]
    public void Admitting_a_key_again_replaces_its_size()
    {
        var index = new LruIndex(300);
        index.Admit("a", 100);

        index.Admit("a", 250).Should().BeEmpty();

        index.Used.Should().Be(250);
    }

    [Theory]
    [InlineData("2GB", 2L << 30)]
    [InlineData("512MB", 512L << 20)]
    [InlineData("1KB", 1024)]
    [InlineData("100B", 100)]
    [InlineData("3TB", 3L << 40)]
    public void Mesos_sizes_are_read_in_powers_of_1024(string text, long bytes)
    {
        MesosBytes.TryParse(text, out var parsed).Should().BeTrue();
        parsed.Should().Be(bytes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("2")]
    [InlineData("-1MB")]
    [InlineData("1.5GB")]
    [InlineData("99999999999TB")]
    [InlineData("lots")]
    public void Anything_else_is_not_a_size(string text) => MesosBytes.TryParse(text, out _).Should().BeFalse();
}
