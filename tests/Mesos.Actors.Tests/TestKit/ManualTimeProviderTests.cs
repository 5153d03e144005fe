using Mesos.TestKit;

namespace Mesos.Actors.Tests.TestKit;

public sealed class ManualTimeProviderTests
{
    [Fact]
    public void Time_moves_only_when_advanced()
    {
        var time = new ManualTimeProvider();
        var start = time.GetUtcNow();
        var stamp = time.GetTimestamp();
        time.GetUtcNow().Should().Be(start);
        time.Advance(TimeSpan.FromSeconds(3));
        time.GetUtcNow().Should().Be(start + TimeSpan.FromSeconds(3));
        time.GetElapsedTime(stamp).Should().Be(TimeSpan.FromSeconds(3));
    }

    [Fact]
    public void Timers_fire_in_due_order_at_their_own_instant()
    {
        var time = new ManualTimeProvider();
        var start = time.GetUtcNow();
        var fired = new List<(string Name, TimeSpan At)>();
        using var late = time.CreateTimer(_ => fired.Add(("late", time.GetUtcNow() - start)), null, TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan);
        using var early = time.CreateTimer(_ => fired.Add(("early", time.GetUtcNow() - start)), null, TimeSpan.FromSeconds(2), Timeout.InfiniteTimeSpan);
        time.Advance(TimeSpan.FromSeconds(10));
        fired.Should().Equal(("early", TimeSpan.FromSeconds(2)), ("late", TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void A_periodic_timer_fires_once_per_period_and_stops_when_disposed()
    {
        var time = new ManualTimeProvider();
        var count = 0;
        var timer = time.CreateTimer(_ => count++, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        time.Advance(TimeSpan.FromSeconds(10));
        count.Should().Be(10);
        timer.Dispose();
        time.Advance(TimeSpan.FromSeconds(10));
        count.Should().Be(10);
        time.PendingTimers.Should().Be(0);
    }

    [Fact]
    public void Change_reschedules_a_timer()
    {
        var time = new ManualTimeProvider();
        var count = 0;
        using var timer = time.CreateTimer(_ => count++, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        timer.Change(TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan);
        time.Advance(TimeSpan.FromSeconds(4));
        count.Should().Be(0);
        time.Advance(TimeSpan.FromSeconds(1));
        count.Should().Be(1);
    }
}
