using Mesos.Actors.Protocol;

namespace Mesos.Actors.Tests.Protocol;

public sealed class BackoffTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public void The_bound_doubles_after_each_failure_up_to_the_maximum()
    {
        var backoff = new Backoff(Second, TimeSpan.FromSeconds(10), new Random(7));
        var bounds = new List<TimeSpan>();

        for (var i = 0; i < 6; i++)
        {
            bounds.Add(backoff.Bound);
            backoff.Next();
        }

        bounds.Select(b => b.TotalSeconds).Should().Equal(1, 2, 4, 8, 10, 10);
    }

    [Fact]
    public void Every_delay_is_random_within_the_current_bound()
    {
        var backoff = new Backoff(Second, TimeSpan.FromSeconds(30), new Random(42));
        var delays = new List<TimeSpan>();

        for (var i = 0; i < 200; i++)
        {
            var bound = backoff.Bound;
            var delay = backoff.Next();
            delay.Should().BeGreaterThanOrEqualTo(TimeSpan.Zero).And.BeLessThanOrEqualTo(bound);
            delays.Add(delay);
        }

        delays.Distinct().Should().HaveCountGreaterThan(100, "frameworks that lost the same master must not all return at once");
    }

    [Fact]
    public void A_successful_subscription_resets_the_bound()
    {
        var backoff = new Backoff(Second, TimeSpan.FromMinutes(1), new Random(1));
        for (var i = 0; i < 5; i++) backoff.Next();

        backoff.Reset();

        backoff.Bound.Should().Be(Second);
        backoff.Next().Should().BeLessThanOrEqualTo(Second);
    }

    [Fact]
    public void A_maximum_below_the_initial_bound_is_refused()
    {
        var create = () => new Backoff(TimeSpan.FromSeconds(5), Second, new Random(1));

        create.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Without_jitter_each_delay_is_the_bound_itself()
    {
        var backoff = new Backoff(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(10));

        Enumerable.Range(0, 8).Select(_ => backoff.Next().TotalSeconds).Should().Equal(10, 20, 40, 80, 160, 320, 600, 600);
    }
}
