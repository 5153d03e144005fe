using Mesos.Host.Chronos.Jobs;
using Mesos.Host.Chronos.Runs;
using NodaTime;

namespace Mesos.Host.Tests.Chronos;

public sealed class RunNotificationTests
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 12, 6, 12, 0);

    private static (JobRun Run, JobDefinition Job, string TaskId) Running(int retries, string owner = "")
    {
        var job = new JobDefinition { Name = "nightly", Command = "true", Schedule = "R/2026-01-01T00:00:00Z/P1D", Retries = retries, Owner = owner };
        var state = JobState.None.Save(job, T0).Aggregate(JobState.None, (s, e) => s.Apply(e));
        state = state.RunNow("nightly", [], T0).Aggregate(state, (s, e) => s.Apply(e));
        var run = state.Runs.Values.Single();
        return (run, job, run.TaskId);
    }

    [Fact]
    public void A_success_is_told()
    {
        var (run, job, taskId) = Running(retries: 2);

        var notification = RunNotification.Of(run, job, new RunEnded(taskId, true, "TASK_FINISHED", "", T0));

        notification.Should().Match<RunNotification>(n => n.Succeeded && n.Job == "nightly" && n.TaskId == taskId && n.At == T0);
    }

    [Fact]
    public void A_failure_that_will_be_retried_and_a_kill_are_not_told_but_a_failure_after_the_last_retry_is()
    {
        var retried = Running(retries: 1);
        var last = Running(retries: 0);

        RunNotification.Of(retried.Run, retried.Job, new RunEnded(retried.TaskId, false, "TASK_FAILED", "exit 3", T0)).Should().BeNull();
        RunNotification.Of(last.Run, last.Job, new RunEnded(last.TaskId, false, "TASK_KILLED", "", T0)).Should().BeNull();
        RunNotification.Of(last.Run, last.Job, new RunEnded(last.TaskId, false, "TASK_FAILED", "exit 3", T0))
            .Should().Match<RunNotification>(n => !n.Succeeded && n.State == "TASK_FAILED" && n.Message == "exit 3");
    }

    [Fact]
    public void Owners_that_are_http_urls_are_told_and_e_mail_addresses_are_left_out()
    {
        RunNotification.HttpOwners(" ops@example.com,http://hooks.local/a , https://hooks.example.com/b,ftp://x/y,not a url,")
            .Should().Equal(new Uri("http://hooks.local/a"), new Uri("https://hooks.example.com/b"));
    }
}
