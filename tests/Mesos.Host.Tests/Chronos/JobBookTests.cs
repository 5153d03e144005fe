using Mesos.Host.Chronos.Jobs;
using Mesos.Host.Chronos.Runs;
using NodaTime;

namespace Mesos.Host.Tests.Chronos;

public sealed class JobBookTests
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 12, 6, 12, 0);

    private static JobDefinition Every2s(string name, int retries = 2, bool concurrent = false) =>
        new() { Name = name, Command = "true", Schedule = "R//PT2S", Retries = retries, Concurrent = concurrent };

    private static JobDefinition After(string name, params string[] parents) =>
        new() { Name = name, Command = "true", Parents = [.. parents] };

    private static JobBook Record(JobBook book, IEnumerable<ChronosEvent> events) => events.Aggregate(book, (b, e) => b.Apply(e));

    private static JobBook Saved(params (JobDefinition Job, JobValidator.Kind Kind)[] jobs) =>
        jobs.Aggregate(JobBook.Empty, (book, j) => Record(book, book.Save(j.Job, j.Kind, T0)));

    private static string Started(IEnumerable<ChronosEvent> events) => events.OfType<RunStarted>().Single().TaskId;

    [Fact]
    public void A_schedule_with_an_empty_start_runs_at_once_and_then_every_period()
    {
        var book = Saved((Every2s("tick"), JobValidator.Kind.Scheduled));

        var first = book.Due(T0);
        book = Record(book, first);
        book = Record(book, book.Ended(Started(first), true, "TASK_FINISHED", "", T0 + Duration.FromMilliseconds(500)));
        var between = book.Due(T0 + Duration.FromSeconds(1));
        var second = book.Due(T0 + Duration.FromSeconds(2));

        first.OfType<RunStarted>().Should().ContainSingle(r => r.Job == "tick" && r.Cause == RunCause.Schedule);
        between.Should().BeEmpty();
        second.OfType<RunStarted>().Should().ContainSingle();
        book.Jobs["tick"].Stats.SuccessCount.Should().Be(1);
        book.NextDue.Should().Be(T0 + Duration.FromSeconds(2));
    }

    [Fact]
    public void A_run_that_falls_due_while_the_last_still_runs_is_skipped_unless_the_job_is_concurrent()
    {
        var book = Saved((Every2s("serial"), JobValidator.Kind.Scheduled), (Every2s("parallel", concurrent: true), JobValidator.Kind.Scheduled));
        book = Record(book, book.Due(T0));

        var next = book.Due(T0 + Duration.FromSeconds(2));
        book = Record(book, next);

        next.OfType<RunStarted>().Select(r => r.Job).Should().Equal("parallel");
        book.Jobs["serial"].Stats.SkippedCount.Should().Be(1);
        book.RunsOf("parallel").Should().HaveCount(2);
        book.RunsOf("serial").Should().ContainSingle();
    }

    [Fact]
    public void After_an_outage_one_run_within_epsilon_catches_up_and_the_others_are_skipped()
    {
        var book = Saved((Every2s("tick", concurrent: true) with { Epsilon = "PT5S" }, JobValidator.Kind.Scheduled));
        book = Record(book, book.Due(T0));

        var late = book.Due(T0 + Duration.FromSeconds(61));
        book = Record(book, late);

        late.OfType<RunStarted>().Should().ContainSingle();
        book.Jobs["tick"].Stats.SkippedCount.Should().Be(29);
        book.Due(T0 + Duration.FromSeconds(61)).Should().BeEmpty();
    }

    [Fact]
    public void A_failed_run_is_retried_until_its_retries_are_spent_and_only_then_counts_as_an_error()
    {
        var book = Saved((Every2s("flaky", retries: 1), JobValidator.Kind.Scheduled));
        var first = book.Due(T0);
        book = Record(book, first);

        var retry = book.Ended(Started(first), false, "TASK_FAILED", "exit 1", T0);
        book = Record(book, retry);
        var last = book.Ended(Started(retry), false, "TASK_FAILED", "exit 1", T0);
        book = Record(book, last);

        retry.OfType<RunStarted>().Should().ContainSingle(r => r.Attempt == 1 && r.Cause == RunCause.Retry);
        last.OfType<RunStarted>().Should().BeEmpty();
        book.Jobs["flaky"].Stats.Should().Match<JobStats>(s => s.ErrorCount == 1 && s.ErrorsSinceLastSuccess == 1 && s.SuccessCount == 0);
        book.Runs.Should().BeEmpty();
        book.Jobs["flaky"].Recent.Select(r => r.Attempt).Should().Equal(0, 1);
    }

    [Fact]
    public void A_killed_run_is_neither_retried_nor_an_error()
    {
        var book = Saved((Every2s("long"), JobValidator.Kind.Scheduled));
        var first = book.Due(T0);
        book = Record(book, first);

        var killed = book.Ended(Started(first), false, "TASK_KILLED", "", T0);
        book = Record(book, killed);

        killed.Should().ContainSingle().Which.Should().BeOfType<RunEnded>();
        book.Jobs["long"].Stats.ErrorCount.Should().Be(0);
    }

    [Fact]
    public void A_dependent_runs_once_after_both_parents_succeeded()
    {
        var book = Saved((Every2s("a"), JobValidator.Kind.Scheduled), (Every2s("b"), JobValidator.Kind.Scheduled), (After("c", "a", "b"), JobValidator.Kind.Dependent));
        var due = book.Due(T0);
        book = Record(book, due);
        var runs = due.OfType<RunStarted>().ToDictionary(r => r.Job, r => r.TaskId);

        var afterA = book.Ended(runs["a"], true, "TASK_FINISHED", "", T0);
        book = Record(book, afterA);
        var afterB = book.Ended(runs["b"], true, "TASK_FINISHED", "", T0);
        book = Record(book, afterB);

        afterA.OfType<RunStarted>().Should().BeEmpty();
        afterB.OfType<RunStarted>().Should().ContainSingle(r => r.Job == "c" && r.Cause == RunCause.Parents);
        book.Progress.SucceededFor("c").Should().BeEmpty();
    }

    [Fact]
    public void A_repeated_terminal_update_changes_nothing()
    {
        var book = Saved((Every2s("tick"), JobValidator.Kind.Scheduled));
        var first = book.Due(T0);
        book = Record(book, first);
        book = Record(book, book.Ended(Started(first), true, "TASK_FINISHED", "", T0));

        book.Ended(Started(first), true, "TASK_FINISHED", "", T0).Should().BeEmpty();
        book.Jobs["tick"].Stats.SuccessCount.Should().Be(1);
    }

    [Fact]
    public void Replaying_the_recorded_events_rebuilds_the_same_book()
    {
        var recorded = new List<ChronosEvent>();
        var book = JobBook.Empty;
        void Do(IReadOnlyList<ChronosEvent> events)
        {
            recorded.AddRange(events);
            book = Record(book, events);
        }
        Do(book.Save(Every2s("a", retries: 1), JobValidator.Kind.Scheduled, T0));
        Do(book.Save(After("b", "a"), JobValidator.Kind.Dependent, T0));
        var due = book.Due(T0);
        Do(due);
        Do(book.Ended(Started(due), false, "TASK_FAILED", "", T0));
        Do(book.Ended(book.Runs.Keys.Single(), true, "TASK_FINISHED", "", T0));
        Do(book.Due(T0 + Duration.FromSeconds(2)));

        var replayed = Record(JobBook.Empty, recorded);

        replayed.Runs.Should().BeEquivalentTo(book.Runs);
        replayed.Jobs.Should().BeEquivalentTo(book.Jobs);
        replayed.RunsStarted.Should().Be(book.RunsStarted).And.Be(4);
        replayed.Runs.Values.Select(r => r.Job).Should().BeEquivalentTo(["a", "b"]);
    }

    [Fact]
    public void Task_ids_are_unique_even_for_runs_started_in_the_same_millisecond()
    {
        var book = Saved((Every2s("tick", concurrent: true), JobValidator.Kind.Scheduled));
        var ids = new HashSet<string>();
        for (var i = 0; i < 5; i++)
        {
            var run = book.RunNow("tick", [], T0);
            book = Record(book, run);
            ids.Add(Started(run));
        }

        ids.Should().HaveCount(5).And.AllSatisfy(id => id.Should().StartWith($"ct:{T0.ToUnixTimeMilliseconds()}:0:tick:"));
    }

    [Fact]
    public void A_late_scheduled_run_is_named_for_the_instant_it_was_due_not_the_instant_it_started()
    {
        var book = Saved((Every2s("tick"), JobValidator.Kind.Scheduled));
        book = Record(book, book.Due(T0));
        book = Record(book, book.Ended(book.Runs.Keys.Single(), true, "TASK_FINISHED", "", T0 + Duration.FromSeconds(1)));

        var late = book.Due(T0 + Duration.FromMilliseconds(2700));

        Started(late).Should().StartWith($"ct:{(T0 + Duration.FromSeconds(2)).ToUnixTimeMilliseconds()}:0:tick:");
    }

    [Fact]
    public void Deleting_a_parent_of_another_job_or_an_unknown_job_is_refused()
    {
        var book = Saved((Every2s("a"), JobValidator.Kind.Scheduled), (After("b", "a"), JobValidator.Kind.Dependent));

        book.Invoking(b => b.Delete("a")).Should().Throw<JobRefusedException>().WithMessage("*b*");
        book.Invoking(b => b.Delete("nope")).Should().Throw<KeyNotFoundException>();
        book.Invoking(b => b.Save(After("c", "nope"), JobValidator.Kind.Dependent, T0)).Should().Throw<JobRefusedException>();
    }
}
