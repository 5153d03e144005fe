using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Mesos.Host.Chronos.Jobs;
using Mesos.Host.Chronos.Runs;
using Mesos.Host.Chronos.Scheduler;
using Mesos.V1;
using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.Host.Tests.Chronos;

/// <summary>A job's entity on Akka's in-memory journal and virtual time, with probes in place of the scheduler and of the shard that hosts it.</summary>
public sealed class JobEntityTests : TestKit
{
    private readonly TestProbe _scheduler;
    private readonly TestProbe _shard;
    private readonly TestScheduler _clock;

    public JobEntityTests() : base(ActorTestConfig.VirtualTimeAndMemoryJournal)
    {
        _scheduler = CreateTestProbe();
        _shard = CreateTestProbe();
        _clock = (TestScheduler)Sys.Scheduler;
    }

    private IActorRef Start(string name) => _shard.ChildActorOf(JobEntity.Props(name));

    /// <summary>Stops the entity, lets <paramref name="outage"/> pass on the virtual clock, and starts it again.</summary>
    private void Restart(ref IActorRef entity, string name, TimeSpan outage = default)
    {
        Watch(entity);
        Sys.Stop(entity);
        ExpectTerminated(entity);
        _clock.Advance(outage);
        entity = Start(name);
    }

    private IActorRef Saved(JobDefinition job)
    {
        var entity = Start(job.Name);
        entity.Tell(new JobEntity.Save(job, _scheduler.Ref));
        ExpectMsg<ChronosReply.Done>();
        return entity;
    }

    private static JobDefinition Job(string name, string schedule = "R//PT10S", int retries = 0) =>
        new() { Name = name, Command = "true", Schedule = schedule, Retries = retries };

    private static JobDefinition Dependent(string name, params string[] parents) => new() { Name = name, Command = "true", Parents = [.. parents] };

    private static TaskStatus Status(string taskId, TaskState state) =>
        new() { TaskId = new TaskID { Value = taskId }, State = state, Uuid = Google.Protobuf.ByteString.CopyFromUtf8("u") };

    private JobEntity.View View(IActorRef entity, string name)
    {
        entity.Tell(new JobEntity.Get(name));
        return ExpectMsg<JobEntity.View>();
    }

    private JobEntity.View Wake(IActorRef entity, string name)
    {
        entity.Tell(new JobEntity.Wake(name, _scheduler.Ref));
        return ExpectMsg<JobEntity.View>();
    }

    private void Ended(IActorRef entity, string name, JobRun run, TaskState state)
    {
        entity.Tell(new JobEntity.TaskEnded(name, Status(run.TaskId, state)));
        ExpectMsg<ChronosFramework.Recorded>().Status.TaskId.Value.Should().Be(run.TaskId);
    }

    [Fact]
    public void A_run_is_launched_when_due_its_end_is_recorded_before_it_is_answered_and_the_next_follows()
    {
        var tick = Saved(Job("tick"));

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        var launch = _scheduler.ExpectMsg<ChronosFramework.LaunchRun>();
        Ended(tick, "tick", launch.Run, TaskState.TaskFinished);
        var succeeded = _scheduler.FishForMessage<JobEntity.Succeeded>(_ => true);
        var view = View(tick, "tick");
        _clock.Advance(TimeSpan.FromSeconds(10));
        var next = _scheduler.FishForMessage<ChronosFramework.LaunchRun>(_ => true);

        launch.Should().Match<ChronosFramework.LaunchRun>(l => l.Job.Name == "tick" && !l.Recovered && l.Run.Cause == RunCause.Schedule);
        succeeded.Should().Be(new JobEntity.Succeeded("tick", 1));
        view.Entry!.Stats.SuccessCount.Should().Be(1);
        view.Runs.Should().BeEmpty();
        next.Run.TaskId.Should().NotBe(launch.Run.TaskId);
    }

    [Fact]
    public void After_an_outage_the_latest_missed_run_within_epsilon_runs_once_and_the_others_are_skipped()
    {
        var tick = Saved(Job("tick") with { Epsilon = "PT5S", Concurrent = true });
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        var first = _scheduler.ExpectMsg<ChronosFramework.LaunchRun>().Run;

        Restart(ref tick, "tick", TimeSpan.FromSeconds(63));
        Wake(tick, "tick");
        var recovered = _scheduler.ExpectMsg<ChronosFramework.LaunchRun>();
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        var caughtUp = _scheduler.ExpectMsg<ChronosFramework.LaunchRun>();
        _scheduler.ExpectNoMsg(TimeSpan.FromMilliseconds(100));

        recovered.Should().Match<ChronosFramework.LaunchRun>(l => l.Recovered && l.Run.TaskId == first.TaskId);
        caughtUp.Should().Match<ChronosFramework.LaunchRun>(l => !l.Recovered && l.Run.Cause == RunCause.Schedule);
        View(tick, "tick").Entry!.Stats.SkippedCount.Should().Be(5);
    }

    [Fact]
    public void After_an_outage_longer_than_epsilon_past_the_latest_run_every_missed_run_is_skipped()
    {
        _scheduler.IgnoreMessages(m => m is JobEntity.Succeeded or RunNotification);
        var tick = Saved(Job("tick") with { Epsilon = "PT5S" });
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Ended(tick, "tick", _scheduler.ExpectMsg<ChronosFramework.LaunchRun>().Run, TaskState.TaskFinished);

        Restart(ref tick, "tick", TimeSpan.FromSeconds(68));
        Wake(tick, "tick");
        _clock.Advance(TimeSpan.FromMilliseconds(1));

        _scheduler.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        var entry = View(tick, "tick").Entry!;
        entry.Stats.SkippedCount.Should().Be(6);
        entry.NextDue.Should().Be(entry.Handled + NodaTime.Duration.FromSeconds(10));
    }

    [Fact]
    public void A_failed_run_is_retried_and_only_the_last_attempt_fails_the_job_and_notifies()
    {
        var flaky = Saved(Job("flaky", "R1//PT1M", retries: 1) with { Owner = "https://hooks.example.com/flaky" });
        _clock.Advance(TimeSpan.FromMilliseconds(1));

        var first = _scheduler.ExpectMsg<ChronosFramework.LaunchRun>().Run;
        Ended(flaky, "flaky", first, TaskState.TaskFailed);
        var retry = _scheduler.ExpectMsg<ChronosFramework.LaunchRun>().Run;
        Ended(flaky, "flaky", retry, TaskState.TaskFailed);
        var failure = _scheduler.ExpectMsg<RunNotification>();
        _scheduler.ExpectNoMsg(TimeSpan.FromMilliseconds(100));

        retry.Should().Match<JobRun>(r => r.Attempt == 1 && r.Cause == RunCause.Retry);
        failure.Should().Match<RunNotification>(n => !n.Succeeded && n.TaskId == retry.TaskId && n.Owners.Single() == new Uri("https://hooks.example.com/flaky"));
        View(flaky, "flaky").Entry!.Stats.Should().Match<JobStats>(s => s.ErrorCount == 1 && s.SuccessCount == 0);
    }

    [Fact]
    public void A_repeated_terminal_update_is_answered_again_and_changes_nothing()
    {
        _scheduler.IgnoreMessages(m => m is JobEntity.Succeeded or RunNotification);
        var once = Saved(Job("once", "R1//PT1M"));
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        var run = _scheduler.ExpectMsg<ChronosFramework.LaunchRun>().Run;

        Ended(once, "once", run, TaskState.TaskFinished);
        Ended(once, "once", run, TaskState.TaskFinished);

        View(once, "once").Entry!.Stats.SuccessCount.Should().Be(1);
    }

    [Fact]
    public void A_dependent_runs_once_after_all_its_parents_succeeded_and_counts_a_success_told_twice_once()
    {
        var child = Saved(Dependent("child", "a", "b"));

        child.Tell(new JobEntity.CountParent("child", "a", 1));
        ExpectMsg<ChronosReply.Done>();
        child.Tell(new JobEntity.CountParent("child", "a", 1));
        ExpectMsg<ChronosReply.Done>();
        _scheduler.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Restart(ref child, "child");
        Wake(child, "child");
        child.Tell(new JobEntity.CountParent("child", "b", 1));
        ExpectMsg<ChronosReply.Done>();
        var launch = _scheduler.ExpectMsg<ChronosFramework.LaunchRun>();
        child.Tell(new JobEntity.CountParent("child", "b", 1));
        ExpectMsg<ChronosReply.Done>();
        child.Tell(new JobEntity.CountParent("child", "a", 1));
        ExpectMsg<ChronosReply.Done>();
        child.Tell(new JobEntity.CountParent("child", "not-a-parent", 7));
        ExpectMsg<ChronosReply.Done>();

        launch.Run.Cause.Should().Be(RunCause.Parents);
        _scheduler.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void A_success_is_told_to_the_scheduler_again_when_it_wakes_the_entity_until_the_dependents_counted_it()
    {
        var parent = Saved(Job("parent", "R/2026-01-01T00:00:00Z/P1D"));
        parent.Tell(new JobEntity.MarkSucceeded("parent"));
        ExpectMsg<ChronosReply.Done>();
        _scheduler.ExpectMsg(new JobEntity.Succeeded("parent", 1));

        Restart(ref parent, "parent");
        Wake(parent, "parent");
        _scheduler.ExpectMsg(new JobEntity.Succeeded("parent", 1));
        parent.Tell(new JobEntity.DependentsCounted("parent", 1));
        Wake(parent, "parent");
        Restart(ref parent, "parent");
        Wake(parent, "parent");
        _clock.Advance(TimeSpan.FromSeconds(30));

        _scheduler.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void Open_runs_are_handed_over_again_for_reconciliation_whenever_the_scheduler_wakes_the_entity()
    {
        var daily = Saved(Job("daily", "R/2026-01-01T00:00:00Z/P1D"));
        daily.Tell(new JobEntity.RunNow("daily", ["--verbose"]));
        ExpectMsg<ChronosReply.Done>();
        var launched = _scheduler.ExpectMsg<ChronosFramework.LaunchRun>();

        Restart(ref daily, "daily");
        _scheduler.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        var view = Wake(daily, "daily");
        var recovered = _scheduler.ExpectMsg<ChronosFramework.LaunchRun>();
        Wake(daily, "daily");
        var woken = _scheduler.ExpectMsg<ChronosFramework.LaunchRun>();

        recovered.Recovered.Should().BeTrue();
        recovered.Run.Should().BeEquivalentTo(launched.Run);
        recovered.Run.Arguments.Should().Equal("--verbose");
        woken.Should().BeEquivalentTo(recovered);
        view.Runs.Should().ContainSingle().Which.TaskId.Should().Be(launched.Run.TaskId);
    }

    [Fact]
    public void Deleting_a_job_kills_its_runs_and_the_entity_passivates_once_they_ended()
    {
        var job = Saved(Job("long", "R/2026-01-01T00:00:00Z/P1D"));
        job.Tell(new JobEntity.RunNow("long", []));
        ExpectMsg<ChronosReply.Done>();
        var run = _scheduler.ExpectMsg<ChronosFramework.LaunchRun>().Run;

        job.Tell(new JobEntity.Delete("long"));
        ExpectMsg<ChronosReply.Done>();
        var kill = _scheduler.ExpectMsg<ChronosFramework.KillRuns>();
        _shard.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Ended(job, "long", run, TaskState.TaskKilled);
        var passivate = _shard.ExpectMsg<Passivate>();
        job.Tell(new JobEntity.RunNow("long", []));

        kill.TaskIds.Should().Equal(run.TaskId);
        passivate.StopMessage.Should().Be(JobEntity.Stop.Instance);
        ExpectMsg<ChronosReply.NotFound>();
    }

    [Fact]
    public void A_name_that_is_no_job_is_answered_as_such_and_its_entity_passivates()
    {
        var nothing = Start("nothing");

        var view = View(nothing, "nothing");
        nothing.Tell(new JobEntity.RunNow("nothing", []));

        view.Entry.Should().BeNull();
        ExpectMsg<ChronosReply.NotFound>().Message.Should().Contain("nothing");
        _shard.ExpectMsg<Passivate>();
        _scheduler.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void An_entity_asked_to_stop_after_its_job_was_saved_asks_its_shard_to_start_it_again()
    {
        var late = Start("late");
        late.Tell(new JobEntity.Get("late"));
        ExpectMsg<JobEntity.View>();
        _shard.ExpectMsg<Passivate>();
        late.Tell(new JobEntity.Save(Job("late"), _scheduler.Ref));
        ExpectMsg<ChronosReply.Done>();
        Watch(late);

        late.Tell(JobEntity.Stop.Instance);

        _shard.ExpectMsg<ShardingEnvelope>().Should().Match<ShardingEnvelope>(e => e.EntityId == "late" && e.Message is JobEntity.Keep);
        ExpectTerminated(late);
    }
}
