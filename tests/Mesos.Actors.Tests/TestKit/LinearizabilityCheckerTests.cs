using FsCheck;
using FsCheck.Fluent;
using Mesos.TestKit.Linearizability;

namespace Mesos.Actors.Tests.TestKit;

public sealed class LinearizabilityCheckerTests
{
    private static Operation<KeyValueInput, KeyValueOutput> Put(int client, string key, string value, long call, long ret) =>
        new(client, new KeyValueInput(KeyValueOp.Put, key, value), null, call, ret);

    private static Operation<KeyValueInput, KeyValueOutput> Get(int client, string key, string? value, long call, long ret) =>
        new(client, new KeyValueInput(KeyValueOp.Get, key, null), new KeyValueOutput(value), call, ret);

    private static bool Check(params Operation<KeyValueInput, KeyValueOutput>[] history) =>
        LinearizabilityChecker.Check(new KeyValueModel(), history);

    [Fact]
    public void A_read_that_overlaps_a_write_may_see_either_value()
    {
        Check(Put(0, "x", "1", 1, 4), Get(1, "x", null, 2, 3)).Should().BeTrue();
        Check(Put(0, "x", "1", 1, 4), Get(1, "x", "1", 2, 3)).Should().BeTrue();
    }

    [Fact]
    public void A_read_after_a_completed_write_must_not_see_the_old_value()
    {
        Check(Put(0, "x", "1", 1, 2), Get(1, "x", null, 3, 4)).Should().BeFalse();
    }

    [Fact]
    public void Two_reads_must_not_see_writes_in_opposite_orders()
    {
        Check(
            Put(0, "x", "1", 1, 10), Put(1, "x", "2", 1, 10),
            Get(2, "x", "1", 2, 3), Get(2, "x", "2", 4, 5), Get(3, "x", "2", 2, 3), Get(3, "x", "1", 6, 7)).Should().BeFalse();
    }

    [Fact]
    public void A_write_with_unknown_outcome_may_take_effect_late_or_never()
    {
        var pending = Operation<KeyValueInput, KeyValueOutput>.Pending;
        Check(Put(0, "x", "1", 1, pending), Get(1, "x", null, 2, 3), Get(1, "x", "1", 4, 5)).Should().BeTrue();
        Check(Put(0, "x", "1", 1, pending), Get(1, "x", null, 2, 3)).Should().BeTrue();
        Check(Put(0, "x", "1", 1, pending), Get(1, "x", "1", 2, 3), Get(1, "x", null, 4, 5)).Should().BeFalse();
    }

    [Fact]
    public void Keys_are_checked_apart()
    {
        Check(Put(0, "x", "1", 1, 2), Put(0, "y", "2", 3, 4), Get(1, "x", "1", 5, 6), Get(1, "y", "1", 5, 6)).Should().BeFalse();
        Check(Put(0, "x", "1", 1, 2), Put(0, "y", "2", 3, 4), Get(1, "x", "1", 5, 6), Get(1, "y", "2", 5, 6)).Should().BeTrue();
    }

    [Fact]
    public void A_search_that_spends_its_budget_gives_up_with_a_clear_message_rather_than_run_on()
    {
        // Twelve writes at once, each seen by a read: the search tries their orders one by one.
        var history = Enumerable.Range(0, 12).Select(i => Put(i, "x", $"{i}", 1, 100))
            .Concat(Enumerable.Range(0, 12).Select(i => Get(20 + i, "x", $"{11 - i}", 2 + i, 3 + i)))
            .ToArray();

        var check = () => LinearizabilityChecker.Check(new KeyValueModel(), history, budget: 50);

        check.Should().Throw<LinearizabilityUndecidedException>()
            .Which.Message.Should().Contain("gave up after remembering 50 states").And.Contain("24 operations");
        LinearizabilityChecker.Check(new KeyValueModel(), history).Should().BeTrue("within the default budget it is decided");
    }

    [Fact]
    public void Writes_of_unknown_outcome_that_no_read_saw_cost_the_search_nothing()
    {
        // Sixty writes that timed out, as under a leader's kill, among writes and reads that completed.
        var history = new List<Operation<KeyValueInput, KeyValueOutput>>();
        long time = 0;
        for (var i = 0; i < 60; i++)
        {
            history.Add(Put(0, "x", $"lost-{i}", ++time, Operation<KeyValueInput, KeyValueOutput>.Pending));
            history.Add(Put(1, "x", $"{i}", ++time, ++time));
            history.Add(Get(2, "x", $"{i}", ++time, ++time));
        }

        LinearizabilityChecker.Check(new KeyValueModel(), history, budget: 1_000).Should().BeTrue();

        history.Add(Get(2, "x", "58", ++time, ++time));
        LinearizabilityChecker.Check(new KeyValueModel(), history, budget: 1_000).Should().BeFalse("a read after the last completed write saw an older value");
    }

    [Fact]
    public void A_write_of_unknown_outcome_that_a_read_saw_must_have_taken_effect_after_its_call()
    {
        var pending = Operation<KeyValueInput, KeyValueOutput>.Pending;
        Check(Put(0, "x", "1", 5, pending), Get(1, "x", "1", 6, 7)).Should().BeTrue();
        Check(Put(0, "x", "1", 5, pending), Get(1, "x", "1", 1, 2)).Should().BeFalse("the read ended before the write was sent");
        Check(Put(0, "x", "1", 5, pending), Put(1, "x", "2", 6, 7), Get(1, "x", "1", 8, 9), Get(1, "x", "2", 10, 11)).Should().BeFalse();
    }

    [Fact]
    public void Any_sequential_run_of_a_register_is_linearizable_and_a_read_of_a_value_never_written_is_not()
    {
        Prop.ForAll(Gen.ListOf(Gen.Choose(0, 3)).ToArbitrary(), choices =>
        {
            var history = new List<Operation<KeyValueInput, KeyValueOutput>>();
            string? value = null;
            long time = 0;
            foreach (var choice in choices)
            {
                if (choice == 0)
                {
                    history.Add(Get(0, "k", value, ++time, ++time));
                }
                else
                {
                    value = $"v{time}";
                    history.Add(Put(0, "k", value, ++time, ++time));
                }
            }
            var valid = LinearizabilityChecker.Check(new KeyValueModel(), history);
            history.Add(Get(1, "k", "never", ++time, ++time));
            return valid && !LinearizabilityChecker.Check(new KeyValueModel(), history);
        }).QuickCheckThrowOnFailure();
    }
}
