using Mesos.Host.Chronos.Schedules;
using NodaTime;

namespace Mesos.Host.Tests.Chronos;

public sealed class RepeatingIntervalTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 6, 1, 12, 0);

    private static RepeatingInterval Parse(string text, string? zone = null) => RepeatingInterval.Parse(text, zone, Now);

    private static List<Instant> Runs(JobSchedule schedule, Instant after, int count)
    {
        var runs = new List<Instant>();
        for (var next = schedule.NextAfter(after); next is { } run && runs.Count < count; next = schedule.NextAfter(run)) runs.Add(run);
        return runs;
    }

    [Fact]
    public void Runs_come_every_period_from_the_start()
    {
        var schedule = Parse("R/2014-10-10T18:32:00Z/PT60M");

        Runs(schedule, Instant.FromUtc(2014, 10, 10, 18, 0), 3).Should().Equal(
            Instant.FromUtc(2014, 10, 10, 18, 32), Instant.FromUtc(2014, 10, 10, 19, 32), Instant.FromUtc(2014, 10, 10, 20, 32));
        schedule.NextAfter(Instant.FromUtc(2026, 6, 1, 12, 0)).Should().Be(Instant.FromUtc(2026, 6, 1, 12, 32));
    }

    [Fact]
    public void Rn_runs_n_times_and_R0_never()
    {
        Runs(Parse("R3/2020-01-01T00:00:00Z/PT90S"), Instant.MinValue, 10).Should().Equal(
            Instant.FromUtc(2020, 1, 1, 0, 0), Instant.FromUtc(2020, 1, 1, 0, 1, 30), Instant.FromUtc(2020, 1, 1, 0, 3));
        Parse("R0/2020-01-01T00:00:00Z/PT1H").NextAfter(Instant.MinValue).Should().BeNull();
    }

    [Fact]
    public void An_empty_start_is_now()
    {
        Parse("R//PT1H").NextAfter(Now - Duration.Epsilon).Should().Be(Now);
    }

    [Fact]
    public void Monthly_runs_do_not_drift_after_a_short_month()
    {
        Runs(Parse("R/2026-01-31T09:00:00Z/P1M"), Instant.FromUtc(2026, 1, 1, 0, 0), 4).Should().Equal(
            Instant.FromUtc(2026, 1, 31, 9, 0), Instant.FromUtc(2026, 2, 28, 9, 0), Instant.FromUtc(2026, 3, 31, 9, 0), Instant.FromUtc(2026, 4, 30, 9, 0));
    }

    [Fact]
    public void A_daily_run_keeps_its_wall_clock_time_across_daylight_saving_time()
    {
        var schedule = Parse("R/2026-03-06T09:00:00Z/P1D", "America/New_York");
        var zone = DateTimeZoneProviders.Tzdb["America/New_York"];

        var runs = Runs(schedule, Instant.FromUtc(2026, 3, 6, 0, 0), 4).Select(r => r.InZone(zone).LocalDateTime.ToString("yyyy-MM-dd HH:mm", null));

        runs.Should().Equal("2026-03-06 09:00", "2026-03-07 09:00", "2026-03-08 09:00", "2026-03-09 09:00");
    }

    [Fact]
    public void A_time_that_the_spring_forward_skips_runs_after_the_gap_and_a_repeated_one_runs_once()
    {
        var zone = DateTimeZoneProviders.Tzdb["America/New_York"];
        var skipped = Parse("R/2026-03-07T02:30:00Z/P1D", "America/New_York");
        var repeated = Parse("R/2026-10-31T01:30:00Z/P1D", "America/New_York");

        Runs(skipped, Instant.FromUtc(2026, 3, 7, 0, 0), 3).Select(r => r.InZone(zone).ToString("yyyy-MM-dd HH:mm o<g>", null))
            .Should().Equal("2026-03-07 02:30 -05", "2026-03-08 03:30 -04", "2026-03-09 02:30 -04");
        Runs(repeated, Instant.FromUtc(2026, 10, 31, 0, 0), 3).Select(r => r.InZone(zone).ToString("yyyy-MM-dd HH:mm o<g>", null))
            .Should().Equal("2026-10-31 01:30 -04", "2026-11-01 01:30 -04", "2026-11-02 01:30 -05");
    }

    [Fact]
    public void Hours_are_elapsed_time_across_daylight_saving_time()
    {
        var runs = Runs(Parse("R/2026-03-08T00:00:00-05:00/PT1H", "America/New_York"), Instant.FromUtc(2026, 3, 8, 0, 0), 4);

        runs.Zip(runs.Skip(1), (a, b) => b - a).Should().AllBeEquivalentTo(Duration.FromHours(1));
    }

    [Fact]
    public void The_schedule_time_zone_keeps_the_start_wall_clock_time_and_overrides_its_offset()
    {
        Parse("R/2014-10-10T18:32:00Z/PT60M", "America/Los_Angeles").Start.Should().Be(Instant.FromUtc(2014, 10, 11, 1, 32));
    }

    [Fact]
    public void Counting_and_finding_the_last_run_jump_over_long_stretches()
    {
        var schedule = Parse("R/2000-01-01T00:00:00Z/PT1S");

        schedule.CountBetween(Instant.FromUtc(2000, 1, 1, 0, 0), Instant.FromUtc(2020, 1, 1, 0, 0), long.MaxValue).Should().Be(631152000);
        schedule.LastAtOrBefore(Instant.FromUtc(2020, 1, 1, 0, 0) + Duration.FromMilliseconds(500), Instant.FromUtc(2000, 1, 1, 0, 0))
            .Should().Be(Instant.FromUtc(2020, 1, 1, 0, 0));
    }

    [Fact]
    public void A_schedule_runs_out_at_the_end_of_the_calendar_instead_of_failing()
    {
        Parse("R/9999-12-01T00:00:00Z/P1M").NextAfter(Instant.FromUtc(9999, 12, 1, 0, 0)).Should().BeNull();
    }

    [Theory]
    [InlineData("R/2014-10-10T18:32:00Z", "is not Rn/start/period")]
    [InlineData("X/2014-10-10T18:32:00Z/PT1H", "must start with R")]
    [InlineData("R-1/2014-10-10T18:32:00Z/PT1H", "must start with R")]
    [InlineData("R/yesterday/PT1H", "start that is not an ISO 8601 date")]
    [InlineData("R/2014-10-10T18:32:00Z/1H", "period that is not an ISO 8601 duration")]
    [InlineData("R/2014-10-10T18:32:00Z/PT0S", "longer than zero")]
    [InlineData("R/2014-10-10T18:32:00Z/P-1D", "longer than zero")]
    public void Malformed_schedules_are_refused_with_what_is_wrong(string text, string reason)
    {
        var parse = () => Parse(text);

        parse.Should().Throw<FormatException>().WithMessage($"*{reason}*");
    }

    [Fact]
    public void An_unknown_time_zone_is_refused()
    {
        var parse = () => Parse("R/2014-10-10T18:32:00Z/PT1H", "Mars/Olympus");

        parse.Should().Throw<FormatException>().WithMessage("*'Mars/Olympus' is not a tz database name*");
    }
}
