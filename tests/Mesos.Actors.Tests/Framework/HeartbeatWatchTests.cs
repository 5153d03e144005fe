using Mesos.Actors.Framework;

namespace Mesos.Actors.Tests.Framework;

public sealed class HeartbeatWatchTests
{
    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_stream_is_dead_after_five_silent_intervals_and_not_before()
    {
        var watch = new HeartbeatWatch(allowedMisses: 5, Start);

        watch.Timeout.Should().Be(TimeSpan.FromSeconds(75));
        watch.IsMissed(Start + TimeSpan.FromSeconds(74.9)).Should().BeFalse();
        watch.IsMissed(Start + TimeSpan.FromSeconds(75)).Should().BeTrue();
    }

    [Fact]
    public void Any_event_restarts_the_silence()
    {
        var watch = new HeartbeatWatch(5, Start);

        watch.EventSeen(Start + TimeSpan.FromSeconds(60));

        watch.IsMissed(Start + TimeSpan.FromSeconds(100)).Should().BeFalse();
        watch.Silence(Start + TimeSpan.FromSeconds(100)).Should().Be(TimeSpan.FromSeconds(40));
        watch.IsMissed(Start + TimeSpan.FromSeconds(135)).Should().BeTrue();
    }

    [Fact]
    public void The_masters_interval_replaces_the_default()
    {
        var watch = new HeartbeatWatch(3, Start);

        watch.UseInterval(TimeSpan.FromSeconds(2));

        watch.Timeout.Should().Be(TimeSpan.FromSeconds(6));
        watch.IsMissed(Start + TimeSpan.FromSeconds(5)).Should().BeFalse();
        watch.IsMissed(Start + TimeSpan.FromSeconds(6)).Should().BeTrue();
    }

    [Fact]
    public void Nonsense_settings_are_refused()
    {
        var zeroMisses = () => new HeartbeatWatch(0, Start);
        var zeroInterval = () => new HeartbeatWatch(5, Start).UseInterval(TimeSpan.Zero);

        zeroMisses.Should().Throw<ArgumentOutOfRangeException>();
        zeroInterval.Should().Throw<ArgumentOutOfRangeException>();
    }
}
