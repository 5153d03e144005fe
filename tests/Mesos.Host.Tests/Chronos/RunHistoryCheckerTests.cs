using NodaTime;
using static Mesos.Host.Tests.Chronos.RunHistoryChecker;

namespace Mesos.Host.Tests.Chronos;

public sealed class RunHistoryCheckerTests
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 12, 6, 12, 0);
    private static readonly Duration Period = Duration.FromSeconds(2);
    private static readonly Duration Epsilon = Duration.FromSeconds(5);

    private static Instant At(double seconds) => T0 + Duration.FromMilliseconds(seconds * 1000);

    private static Run RunOf(double due, double started, int attempt = 0, int count = 1) =>
        Run.FromTaskId($"ct:{At(due).ToUnixTimeMilliseconds()}:{attempt}:tick:{count}", At(started));

    [Fact]
    public void A_history_with_one_prompt_run_per_instant_is_clean()
    {
        var targets = Targets(T0, Period, At(6));

        var report = Check(targets, [RunOf(0, 0.3), RunOf(2, 2.4), RunOf(4, 4.2), RunOf(6, 6.9)], Epsilon);

        targets.Should().Equal(At(0), At(2), At(4), At(6));
        report.Missed.Should().BeEmpty();
        report.Duplicates.Should().BeEmpty();
    }

    [Fact]
    public void An_instant_without_a_run_within_epsilon_is_missed_but_one_a_catch_up_run_met_in_time_is_not()
    {
        // Down from 1 s to 13 s: the catch-up at 13.5 s runs for 12 s; 10 and 12 are within its epsilon, 2 to 8 are not.
        var report = Check(Targets(T0, Period, At(14)), [RunOf(0, 0.2), RunOf(12, 13.5), RunOf(14, 14.1)], Epsilon);

        report.Missed.Should().Equal(At(2), At(4), At(6), At(8));
        report.Duplicates.Should().BeEmpty();
    }

    [Fact]
    public void A_run_that_started_later_than_epsilon_meets_nothing()
    {
        var report = Check(Targets(T0, Period, At(0)), [RunOf(0, 5.1)], Epsilon);

        report.Missed.Should().Equal(At(0));
    }

    [Fact]
    public void Two_runs_for_one_instant_are_a_duplicate_but_a_retry_is_not()
    {
        var again = RunOf(2, 4.5, count: 3);

        var report = Check(Targets(T0, Period, At(2)), [RunOf(0, 0.1), RunOf(2, 2.1, count: 2), again, RunOf(2, 3, attempt: 1, count: 4)], Epsilon);

        report.Duplicates.Should().Equal(again);
        report.Missed.Should().BeEmpty();
    }

    [Fact]
    public void A_task_id_that_is_not_chronos_is_refused()
    {
        var read = () => Run.FromTaskId("web.1234", T0);

        read.Should().Throw<FormatException>().WithMessage("*web.1234*");
    }
}
