using Mesos.Host.Chronos.Schedules;
using NodaTime;

namespace Mesos.Host.Tests.Chronos;

public sealed class CronScheduleTests
{
    [Fact]
    public void A_five_field_expression_runs_on_its_minutes()
    {
        var schedule = CronSchedule.Parse("*/15 * * * *", null);

        schedule.NextAfter(Instant.FromUtc(2026, 6, 1, 12, 7)).Should().Be(Instant.FromUtc(2026, 6, 1, 12, 15));
        schedule.NextAfter(Instant.FromUtc(2026, 6, 1, 12, 15)).Should().Be(Instant.FromUtc(2026, 6, 1, 12, 30));
    }

    [Fact]
    public void A_six_field_expression_counts_seconds_first()
    {
        CronSchedule.Parse("*/2 * * * * *", null).NextAfter(Instant.FromUtc(2026, 6, 1, 12, 0, 1)).Should().Be(Instant.FromUtc(2026, 6, 1, 12, 0, 2));
    }

    [Fact]
    public void A_daily_run_in_a_time_zone_happens_once_a_day_across_daylight_saving_time()
    {
        var schedule = CronSchedule.Parse("30 2 * * *", "America/New_York");
        var zone = DateTimeZoneProviders.Tzdb["America/New_York"];
        var runs = new List<string>();
        for (var next = schedule.NextAfter(Instant.FromUtc(2026, 3, 7, 0, 0)); next is { } run && runs.Count < 3; next = schedule.NextAfter(run))
        {
            runs.Add(run.InZone(zone).ToString("yyyy-MM-dd HH:mm", null));
        }

        runs.Should().Equal("2026-03-07 02:30", "2026-03-08 03:00", "2026-03-09 02:30");
    }

    [Fact]
    public void The_last_run_before_an_instant_is_found_after_a_long_gap()
    {
        var schedule = CronSchedule.Parse("0 0 1 1 *", null);

        schedule.LastAtOrBefore(Instant.FromUtc(2026, 6, 1, 0, 0), Instant.FromUtc(2000, 1, 1, 0, 0)).Should().Be(Instant.FromUtc(2026, 1, 1, 0, 0));
    }

    [Theory]
    [InlineData("* * * *", "needs five fields")]
    [InlineData("61 * * * *", "is malformed")]
    public void Malformed_expressions_are_refused_with_what_is_wrong(string text, string reason)
    {
        var parse = () => CronSchedule.Parse(text, null);

        parse.Should().Throw<FormatException>().WithMessage($"*{reason}*");
    }
}
