using Mesos.Actors.Protocol;

namespace Mesos.Actors.Tests.Protocol;

public sealed class MesosDurationTests
{
    [Theory]
    [InlineData("15secs", 15)]
    [InlineData("1.5mins", 90)]
    [InlineData("2weeks", 14 * 24 * 3600)]
    public void Mesos_forms_are_read(string text, double seconds)
    {
        MesosDuration.TryParse(text, out var duration).Should().BeTrue();
        duration.Should().Be(TimeSpan.FromSeconds(seconds));
    }

    [Theory]
    [InlineData("1e30secs")]
    [InlineData("100000000weeks")]
    [InlineData("1e300ns")]
    public void A_duration_longer_than_a_TimeSpan_holds_is_refused_as_too_long_rather_than_wrapping_around(string text)
    {
        MesosDuration.TryParse(text, out _, out var tooLong).Should().BeFalse();
        tooLong.Should().BeTrue();
    }

    [Theory]
    [InlineData("NaNsecs")]
    [InlineData("-1secs")]
    public void A_duration_that_is_not_a_number_or_negative_is_refused(string text)
    {
        MesosDuration.TryParse(text, out _).Should().BeFalse();
    }

    [Fact]
    public void Nanoseconds_count_in_hundreds_as_a_TimeSpan_holds_them()
    {
        MesosDuration.TryParse("1500ns", out var duration).Should().BeTrue();
        duration.Should().Be(TimeSpan.FromTicks(15));
    }

    [Fact]
    public void A_malformed_duration_is_refused_but_not_as_too_long()
    {
        MesosDuration.TryParse("soon", out _, out var tooLong).Should().BeFalse();
        tooLong.Should().BeFalse();
    }
}
