using Mesos.Host.Chronos.Schedules;
using NodaTime;

namespace Mesos.Host.Tests.Chronos;

public sealed class DueRunsTests
{
    private static readonly RepeatingInterval Hourly = RepeatingInterval.Parse("R/2026-06-01T10:00:00Z/PT1H", null, Instant.FromUtc(2026, 6, 1, 0, 0));
    private static readonly Duration Epsilon = Duration.FromMinutes(5);

    [Fact]
    public void Nothing_is_due_before_the_next_run()
    {
        var due = DueRuns.At(Hourly, Instant.FromUtc(2026, 6, 1, 10, 0), Instant.FromUtc(2026, 6, 1, 10, 59), Epsilon);

        due.Should().Be(new DueRuns(null, 0, Instant.FromUtc(2026, 6, 1, 10, 0), Instant.FromUtc(2026, 6, 1, 11, 0)));
    }

    [Fact]
    public void A_run_that_fell_due_runs_once()
    {
        var due = DueRuns.At(Hourly, Instant.FromUtc(2026, 6, 1, 10, 0), Instant.FromUtc(2026, 6, 1, 11, 0), Epsilon);
        var again = DueRuns.At(Hourly, due.Handled, Instant.FromUtc(2026, 6, 1, 11, 1), Epsilon);

        due.Run.Should().Be(Instant.FromUtc(2026, 6, 1, 11, 0));
        again.Run.Should().BeNull();
    }

    [Fact]
    public void After_an_outage_the_latest_run_within_epsilon_runs_and_the_earlier_ones_are_skipped()
    {
        var due = DueRuns.At(Hourly, Instant.FromUtc(2026, 6, 1, 10, 0), Instant.FromUtc(2026, 6, 1, 13, 4), Epsilon);

        due.Should().Be(new DueRuns(Instant.FromUtc(2026, 6, 1, 13, 0), 2, Instant.FromUtc(2026, 6, 1, 13, 0), Instant.FromUtc(2026, 6, 1, 14, 0)));
    }

    [Fact]
    public void A_run_missed_by_more_than_epsilon_is_skipped()
    {
        var due = DueRuns.At(Hourly, Instant.FromUtc(2026, 6, 1, 10, 0), Instant.FromUtc(2026, 6, 1, 13, 6), Epsilon);

        due.Should().Be(new DueRuns(null, 3, Instant.FromUtc(2026, 6, 1, 13, 0), Instant.FromUtc(2026, 6, 1, 14, 0)));
    }

    [Fact]
    public void A_schedule_that_ran_out_has_nothing_next()
    {
        var twice = RepeatingInterval.Parse("R2/2026-06-01T10:00:00Z/PT1H", null, Instant.FromUtc(2026, 6, 1, 0, 0));

        DueRuns.At(twice, Instant.FromUtc(2026, 6, 1, 10, 0), Instant.FromUtc(2026, 6, 1, 11, 0), Epsilon).Next.Should().BeNull();
    }
}
