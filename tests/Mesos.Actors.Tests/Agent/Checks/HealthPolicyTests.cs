using Mesos.Actors.Agent.Checks;
using Mesos.V1;

namespace Mesos.Actors.Tests.Agent.Checks;

public sealed class HealthPolicyTests
{
    private static readonly DateTimeOffset Launched = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static HealthPolicy Policy(uint consecutiveFailures = 3, double grace = 10) =>
        new(new HealthCheck { ConsecutiveFailures = consecutiveFailures, GracePeriodSeconds = grace }, Launched);

    private static DateTimeOffset At(double seconds) => Launched.AddSeconds(seconds);

    [Fact]
    public void Mesos_defaults_are_three_failures_after_a_grace_of_ten_seconds()
    {
        var check = new HealthCheck();

        (check.ConsecutiveFailures, check.GracePeriodSeconds, check.DelaySeconds, check.IntervalSeconds, check.TimeoutSeconds)
            .Should().Be((3u, 10.0, 15.0, 10.0, 20.0));
    }

    [Fact]
    public void Failures_within_the_grace_period_are_ignored()
    {
        var policy = Policy();

        policy.Record(false, At(1)).Should().Be(HealthVerdict.Nothing);
        policy.Record(false, At(5)).Should().Be(HealthVerdict.Nothing);

        policy.ConsecutiveFailures.Should().Be(0);
    }

    [Fact]
    public void After_the_first_success_the_grace_period_no_longer_applies()
    {
        var policy = Policy();

        policy.Record(true, At(1)).Should().Be(new HealthVerdict(true, false));
        policy.Record(false, At(2)).Should().Be(new HealthVerdict(false, false));
    }

    [Fact]
    public void Health_is_reported_only_when_it_changes()
    {
        var policy = Policy(consecutiveFailures: 10);

        var reports = new[] { true, true, false, false, true, true }.Select((passed, i) => policy.Record(passed, At(20 + i)).Report);

        reports.Should().Equal(true, null, false, null, true, null);
    }

    [Fact]
    public void The_task_is_killed_at_the_limit_of_consecutive_failures_and_a_success_resets_the_count()
    {
        var policy = Policy(consecutiveFailures: 3);

        policy.Record(false, At(20)).Kill.Should().BeFalse();
        policy.Record(false, At(21)).Kill.Should().BeFalse();
        policy.Record(true, At(22)).Kill.Should().BeFalse();
        policy.Record(false, At(23)).Kill.Should().BeFalse();
        policy.Record(false, At(24)).Kill.Should().BeFalse();
        policy.Record(false, At(25)).Kill.Should().BeTrue();

        policy.ConsecutiveFailures.Should().Be(3);
    }

    [Fact]
    public void Zero_consecutive_failures_never_kills()
    {
        var policy = Policy(consecutiveFailures: 0, grace: 0);

        Enumerable.Range(0, 50).Select(i => policy.Record(false, At(i)).Kill).Should().AllBeEquivalentTo(false);
    }
}
