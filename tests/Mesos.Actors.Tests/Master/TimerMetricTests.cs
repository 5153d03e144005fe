using Mesos.Actors.Metrics;

namespace Mesos.Actors.Tests.Master;

/// <summary>Timers report as libprocess' do: the latest value, then count, extremes and interpolated percentiles.</summary>
public sealed class TimerMetricTests
{
    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void One_value_is_reported_alone_and_two_or_more_with_statistics()
    {
        var timer = new TimerMetric("allocator/mesos/allocation_run");
        var metrics = new Dictionary<string, double>();
        timer.AddTo(metrics, Start);
        metrics.Should().BeEmpty();

        timer.Record(TimeSpan.FromMilliseconds(4), Start);
        timer.AddTo(metrics, Start);
        metrics.Should().Equal(new Dictionary<string, double> { ["allocator/mesos/allocation_run_ms"] = 4 });

        foreach (var ms in new[] { 1, 3, 2 }) timer.Record(TimeSpan.FromMilliseconds(ms), Start);
        timer.AddTo(metrics, Start);
        metrics["allocator/mesos/allocation_run_ms"].Should().Be(2, "the latest value");
        metrics["allocator/mesos/allocation_run_ms/count"].Should().Be(4);
        metrics["allocator/mesos/allocation_run_ms/min"].Should().Be(1);
        metrics["allocator/mesos/allocation_run_ms/max"].Should().Be(4);
        metrics["allocator/mesos/allocation_run_ms/p50"].Should().BeApproximately(2.5, 1e-9, "halfway between 2 and 3");
        metrics["allocator/mesos/allocation_run_ms/p90"].Should().BeApproximately(3.7, 1e-9);
        metrics["allocator/mesos/allocation_run_ms/p9999"].Should().BeApproximately(3.9997, 1e-9);
    }

    [Fact]
    public void Statistics_cover_the_last_hour_and_at_most_the_latest_thousand_values()
    {
        var timer = new TimerMetric("t");
        timer.Record(TimeSpan.FromMilliseconds(100), Start);
        for (var i = 0; i < TimerMetric.Capacity; i++) timer.Record(TimeSpan.FromMilliseconds(1), Start + TimeSpan.FromMinutes(30));
        var metrics = new Dictionary<string, double>();
        timer.AddTo(metrics, Start + TimeSpan.FromMinutes(30));
        metrics["t_ms/count"].Should().Be(TimerMetric.Capacity);
        metrics["t_ms/max"].Should().Be(1, "the oldest value made room");

        timer.Record(TimeSpan.FromMilliseconds(7), Start + TimeSpan.FromMinutes(91));
        metrics.Clear();
        timer.AddTo(metrics, Start + TimeSpan.FromMinutes(91));
        metrics["t_ms"].Should().Be(7);
        metrics.Keys.Should().NotContain("t_ms/count", "the others are more than an hour old");
    }
}
