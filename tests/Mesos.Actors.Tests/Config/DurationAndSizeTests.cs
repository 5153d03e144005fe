using Mesos.Actors.Configuration;

namespace Mesos.Actors.Tests.Configuration;

public sealed class DurationAndSizeTests
{
    private static Config Value(string value) => ConfigurationFactory.ParseString("v = " + value);

    [Theory]
    [InlineData("5s", 5_000)]
    [InlineData("100ms", 100)]
    [InlineData("100 ms", 100)]
    [InlineData("100 millis", 100)]
    [InlineData("2 minutes", 120_000)]
    [InlineData("2m", 120_000)]
    [InlineData("1.5h", 5_400_000)]
    [InlineData("3d", 259_200_000)]
    [InlineData("1 second", 1_000)]
    [InlineData("250", 250)]
    [InlineData("\"42\"", 42)]
    public void Durations_parse_with_units(string text, long milliseconds)
    {
        Value(text).GetTimeSpan("v").Should().Be(TimeSpan.FromMilliseconds(milliseconds));
    }

    [Fact]
    public void Sub_millisecond_durations_keep_their_precision()
    {
        Value("10us").GetTimeSpan("v").Should().Be(TimeSpan.FromTicks(100));
        Value("250ns").GetTimeSpan("v").Should().Be(TimeSpan.FromTicks(3));
        Value("5 microseconds").GetTimeSpan("v").Should().Be(TimeSpan.FromTicks(50));
    }

    [Theory]
    [InlineData("infinite")]
    [InlineData("inf")]
    public void Infinite_duration_is_the_infinite_timeout(string text)
    {
        Value(text).GetTimeSpan("v").Should().Be(Timeout.InfiniteTimeSpan);
    }

    [Theory]
    [InlineData("5 fortnights")]
    [InlineData("soon")]
    public void Invalid_durations_are_config_errors(string text)
    {
        Value(text).Invoking(c => c.GetTimeSpan("v")).Should().Throw<ConfigException>().WithMessage("*'v'*duration*");
    }

    [Fact]
    public void Duration_default_applies_only_when_missing()
    {
        var config = Value("1s");

        config.GetTimeSpan("missing", TimeSpan.FromMinutes(1)).Should().Be(TimeSpan.FromMinutes(1));
        config.GetTimeSpan("v", TimeSpan.FromMinutes(1)).Should().Be(TimeSpan.FromSeconds(1));
    }

    [Theory]
    [InlineData("1024", 1024L)]
    [InlineData("10B", 10L)]
    [InlineData("10 bytes", 10L)]
    [InlineData("64MB", 64_000_000L)]
    [InlineData("64 megabytes", 64_000_000L)]
    [InlineData("2kB", 2_000L)]
    [InlineData("3 kilobytes", 3_000L)]
    [InlineData("5GB", 5_000_000_000L)]
    [InlineData("64M", 67_108_864L)]
    [InlineData("64MiB", 67_108_864L)]
    [InlineData("1 mebibytes", 1_048_576L)]
    [InlineData("1GiB", 1_073_741_824L)]
    [InlineData("1G", 1_073_741_824L)]
    [InlineData("1k", 1_024L)]
    [InlineData("1K", 1_024L)]
    [InlineData("2KiB", 2_048L)]
    [InlineData("1.5k", 1_536L)]
    [InlineData("1T", 1_099_511_627_776L)]
    public void Byte_sizes_follow_the_spec_table(string text, long bytes)
    {
        Value(text).GetByteSize("v").Should().Be(bytes);
    }

    [Theory]
    [InlineData("12 parsecs")]
    [InlineData("lots")]
    [InlineData("100000EB")]
    public void Invalid_sizes_are_config_errors(string text)
    {
        Value(text).Invoking(c => c.GetByteSize("v")).Should().Throw<ConfigException>().WithMessage("*'v'*size*");
    }

    [Fact]
    public void Size_default_applies_only_when_missing()
    {
        Value("1k").GetByteSize("missing", 7).Should().Be(7);
        Value("1k").GetByteSize("v", 7).Should().Be(1024);
    }
}
