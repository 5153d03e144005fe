using Mesos.Actors.Agent;
using Mesos.V1;

namespace Mesos.Actors.Tests.Agent;

public sealed class MasterSubscriptionTests
{
    private readonly MasterSubscription _subscription = MasterSubscription.WithJitter(new FixedJitter(1.0));

    [Fact]
    public void Once_connected_it_subscribes_within_a_second_and_then_within_twice_as_long_each_time_up_to_a_minute()
    {
        var waits = new List<double> { _subscription.Connected("master:5050").TotalSeconds };
        for (var i = 0; i < 8; i++)
        {
            _subscription.AttemptDue(out var next).Should().BeTrue();
            waits.Add(next.TotalSeconds);
        }

        waits.Should().Equal(1, 2, 4, 8, 16, 32, 60, 60, 60);
        _subscription.Master.Should().Be("master:5050");
    }

    [Fact]
    public void The_wait_is_a_random_fraction_of_the_bound()
    {
        var subscription = MasterSubscription.WithJitter(new FixedJitter(0.25));

        subscription.Connected("master:5050").Should().Be(TimeSpan.FromMilliseconds(250));
        subscription.AttemptDue(out var next);
        next.Should().Be(TimeSpan.FromMilliseconds(500));
    }

    [Fact]
    public void No_attempt_goes_out_before_the_link_connects_after_it_disconnects_or_once_subscribed()
    {
        _subscription.AttemptDue(out _).Should().BeFalse();

        _subscription.Connected("master:5050");
        _subscription.Disconnected();
        _subscription.AttemptDue(out _).Should().BeFalse();
        _subscription.Master.Should().BeNull();

        _subscription.Connected("master:5050");
        _subscription.Subscribed(new AgentID { Value = "agent-1" }, 15);
        _subscription.AttemptDue(out _).Should().BeFalse();
    }

    [Fact]
    public void A_second_SUBSCRIBED_under_the_same_id_is_a_repeat_until_the_agent_loses_its_subscription()
    {
        var agent = new AgentID { Value = "agent-1" };
        _subscription.Connected("master:5050");
        _subscription.IsRepeated(agent).Should().BeFalse();
        _subscription.Subscribed(agent, 15);

        _subscription.IsRepeated(agent).Should().BeTrue();
        _subscription.IsRepeated(new AgentID { Value = "agent-2" }).Should().BeFalse("a new id is news");

        _subscription.PingsMissed(out _);
        _subscription.IsRepeated(agent).Should().BeFalse();
        _subscription.Subscribed(agent, 15);
        _subscription.Disconnected();
        _subscription.Connected("master:5050");
        _subscription.IsRepeated(agent).Should().BeFalse();
    }

    [Fact]
    public void A_new_connection_starts_the_backoff_over()
    {
        _subscription.Connected("master:5050");
        _subscription.AttemptDue(out _);
        _subscription.AttemptDue(out _);

        _subscription.Connected("other:5050").Should().Be(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void Subscribed_it_keeps_its_id_across_reconnections_and_expects_a_ping_within_five_intervals()
    {
        _subscription.Connected("master:5050");

        _subscription.Subscribed(new AgentID { Value = "agent-1" }, 15).Should().BeNull();
        _subscription.Disconnected();

        _subscription.IsSubscribed.Should().BeFalse();
        _subscription.AgentId!.Value.Should().Be("agent-1");
        _subscription.PingTimeout.Should().Be(TimeSpan.FromSeconds(75));
    }

    [Fact]
    public void A_master_that_does_not_ping_is_never_taken_for_gone()
    {
        _subscription.Connected("master:5050");

        _subscription.Subscribed(new AgentID { Value = "agent-1" }, 0);

        _subscription.PingTimeout.Should().BeNull();
    }

    [Fact]
    public void A_new_id_from_the_master_replaces_the_old_one_which_is_returned()
    {
        _subscription.Connected("master:5050");
        _subscription.Subscribed(new AgentID { Value = "agent-1" }, 15);

        _subscription.Subscribed(new AgentID { Value = "agent-2" }, 15)!.Value.Should().Be("agent-1");

        _subscription.AgentId!.Value.Should().Be("agent-2");
    }

    [Fact]
    public void Missed_pings_unsubscribe_it_and_it_subscribes_again_with_the_backoff_started_over()
    {
        _subscription.Connected("master:5050");
        _subscription.AttemptDue(out _);
        _subscription.AttemptDue(out _);
        _subscription.Subscribed(new AgentID { Value = "agent-1" }, 15);

        _subscription.PingsMissed(out var resubscribeAfter).Should().BeTrue();

        resubscribeAfter.Should().Be(TimeSpan.FromSeconds(1));
        _subscription.IsSubscribed.Should().BeFalse();
        _subscription.AttemptDue(out var next).Should().BeTrue();
        next.Should().Be(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void Missed_pings_change_nothing_unless_it_is_subscribed()
    {
        _subscription.Connected("master:5050");

        _subscription.PingsMissed(out var resubscribeAfter).Should().BeFalse();

        resubscribeAfter.Should().BeNull();
    }

    [Fact]
    public void Missed_pings_after_the_link_dropped_unsubscribe_it_but_it_waits_for_the_link_to_subscribe_again()
    {
        _subscription.Connected("master:5050");
        _subscription.Disconnected();
        _subscription.Subscribed(new AgentID { Value = "agent-1" }, 15);

        _subscription.PingsMissed(out var resubscribeAfter).Should().BeTrue();

        resubscribeAfter.Should().BeNull();
        _subscription.IsSubscribed.Should().BeFalse();
    }
}
