using Mesos.Host.Chronos.Jobs;
using Mesos.Host.Chronos.Runs;
using NodaTime;

namespace Mesos.Host.Tests.Chronos;

public sealed class RunNotificationTests
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 12, 6, 12, 0);

    private static (JobBook Book, string TaskId) Running(int retries, string owner = "")
    {
        var job = new JobDefinition { Name = "nightly", Command = "true", Schedule = "R/2026-01-01T00:00:00Z/P1D", Retries = retries, Owner = owner };
        var book = JobBook.Empty.Save(job, JobValidator.Kind.Scheduled, T0).Aggregate(JobBook.Empty, (b, e) => b.Apply(e));
        var started = book.RunNow("nightly", [], T0);
        return (started.Aggregate(book, (b, e) => b.Apply(e)), started.OfType<RunStarted>().Single().TaskId);
    }

    [Fact]
    public void A_success_is_told()
    {
        var (book, taskId) = Running(retries: 2);

        var notification = RunNotification.Of(book, new RunEnded(taskId, true, "TASK_FINISHED", "", T0));

        notification.Should().Match<RunNotification>(n => n.Succeeded && n.Job == "nightly" && n.TaskId == taskId && n.At == T0);
    }

    [Fact]
    public void A_failure_that_will_be_retried_and_a_kill_are_not_told_but_a_failure_after_the_last_retry_is()
    {
        var (retried, retriedId) = Running(retries: 1);
        var (last, lastId) = Running(retries: 0);

        RunNotification.Of(retried, new RunEnded(retriedId, false, "TASK_FAILED", "exit 3", T0)).Should().BeNull();
        RunNotification.Of(last, new RunEnded(lastId, false, "TASK_KILLED", "", T0)).Should().BeNull();
        RunNotification.Of(last, new RunEnded(lastId, false, "TASK_FAILED", "exit 3", T0))
            .Should().Match<RunNotification>(n => !n.Succeeded && n.State == "TASK_FAILED" && n.Message == "exit 3");
        RunNotification.Of(last, new RunEnded("ct:unknown", true, "TASK_FINISHED", "", T0)).Should().BeNull();
    }

    [Fact]
    public void Owners_that_are_http_urls_are_told_and_e_mail_addresses_are_left_out()
    {
        RunNotification.HttpOwners(" ops@example.com,http://hooks.local/a , https://hooks.example.com/b,ftp://x/y,not a url,")
            .Should().Equal(new Uri("http://hooks.local/a"), new Uri("https://hooks.example.com/b"));
    }
}
