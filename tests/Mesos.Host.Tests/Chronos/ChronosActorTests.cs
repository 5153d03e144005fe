using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Mesos.Host.Chronos.Jobs;
using Mesos.Host.Chronos.Runs;
using Mesos.Host.Chronos.Scheduler;
using Mesos.V1;
using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.Host.Tests.Chronos;

/// <summary>The scheduler actor on Akka's in-memory journal and virtual time, with a probe in place of its framework.</summary>
public sealed class ChronosActorTests : TestKit
{
    private static readonly Config VirtualTimeAndMemoryJournal = ConfigurationFactory.ParseString("""
        akka.scheduler.implementation = "Akka.TestKit.TestScheduler, Akka.TestKit"
        akka.loglevel = WARNING
        akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        """);

    private readonly TestProbe _framework;
    private readonly TestProbe _notifier;
    private readonly TestScheduler _clock;

    public ChronosActorTests() : base(VirtualTimeAndMemoryJournal)
    {
        _framework = CreateTestProbe();
        _notifier = CreateTestProbe();
        _clock = (TestScheduler)Sys.Scheduler;
    }

    private IActorRef StartChronos(string? expectFrameworkId = null)
    {
        var (framework, notifier) = (_framework.Ref, _notifier.Ref);
        return Sys.ActorOf(ChronosActor.Props("chronos", id =>
        {
            id.Should().Be(expectFrameworkId);
            return Props.Create(() => new Forwarder(framework));
        }, notifier: Props.Create(() => new Forwarder(notifier))));
    }

    private static JobDefinition Job(string name, string schedule = "R//PT2S", int retries = 0) =>
        new() { Name = name, Command = "true", Schedule = schedule, Retries = retries };

    private static TaskStatus Status(string taskId, TaskState state) =>
        new() { TaskId = new TaskID { Value = taskId }, State = state, Uuid = Google.Protobuf.ByteString.CopyFromUtf8("u") };

    [Fact]
    public void A_saved_job_is_launched_when_due_and_its_end_is_recorded_before_it_is_acknowledged()
    {
        var chronos = StartChronos();
        chronos.Tell(new ChronosActor.SaveJob(Job("tick"), JobValidator.Kind.Scheduled));
        ExpectMsg<ChronosActor.Done>();

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        var launch = _framework.ExpectMsg<ChronosFramework.LaunchRun>();
        chronos.Tell(new ChronosFramework.TaskEnded(Status(launch.Run.TaskId, TaskState.TaskFinished)), _framework.Ref);
        var recorded = _framework.ExpectMsg<ChronosFramework.Recorded>();

        launch.Should().Match<ChronosFramework.LaunchRun>(l => l.Job.Name == "tick" && !l.Recovered && l.Run.Cause == RunCause.Schedule);
        recorded.Status.TaskId.Value.Should().Be(launch.Run.TaskId);
        chronos.Tell(ChronosActor.GetBook.Instance);
        ExpectMsg<JobBook>().Jobs["tick"].Stats.SuccessCount.Should().Be(1);
        _clock.Advance(TimeSpan.FromSeconds(2));
        _framework.ExpectMsg<ChronosFramework.LaunchRun>().Run.TaskId.Should().NotBe(launch.Run.TaskId);
    }

    [Fact]
    public void A_restart_replays_the_book_and_hands_the_open_runs_over_for_reconciliation()
    {
        var chronos = StartChronos();
        chronos.Tell(new ChronosFramework.Registered("framework-1"));
        chronos.Tell(new ChronosActor.SaveJob(Job("daily", "R/2026-01-01T00:00:00Z/P1D"), JobValidator.Kind.Scheduled));
        ExpectMsg<ChronosActor.Done>();
        chronos.Tell(new ChronosActor.RunJob("daily", ["--verbose"]));
        ExpectMsg<ChronosActor.Done>();
        var launched = _framework.ExpectMsg<ChronosFramework.LaunchRun>();

        Watch(chronos);
        Sys.Stop(chronos);
        ExpectTerminated(chronos);
        StartChronos(expectFrameworkId: "framework-1");
        var recovered = _framework.ExpectMsg<ChronosFramework.LaunchRun>();

        recovered.Recovered.Should().BeTrue();
        recovered.Run.Should().BeEquivalentTo(launched.Run);
        recovered.Run.Arguments.Should().Equal("--verbose");
    }

    [Fact]
    public void Refused_jobs_and_unknown_names_are_answered_and_change_nothing()
    {
        var chronos = StartChronos();

        chronos.Tell(new ChronosActor.SaveJob(Job("bad name!", "not a schedule"), JobValidator.Kind.Scheduled));
        var refused = ExpectMsg<ChronosActor.Refused>();
        chronos.Tell(new ChronosActor.RunJob("nope", []));
        ExpectMsg<ChronosActor.NotFound>();
        chronos.Tell(ChronosActor.GetBook.Instance);

        refused.Errors.Should().HaveCountGreaterThanOrEqualTo(2);
        ExpectMsg<JobBook>().Jobs.Should().BeEmpty();
        _framework.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Deleting_a_job_kills_its_open_runs()
    {
        var chronos = StartChronos();
        chronos.Tell(new ChronosActor.SaveJob(Job("long", "R/2026-01-01T00:00:00Z/P1D"), JobValidator.Kind.Scheduled));
        ExpectMsg<ChronosActor.Done>();
        chronos.Tell(new ChronosActor.RunJob("long", []));
        ExpectMsg<ChronosActor.Done>();
        var run = _framework.ExpectMsg<ChronosFramework.LaunchRun>().Run;

        chronos.Tell(new ChronosActor.DeleteJob("long"));
        ExpectMsg<ChronosActor.Done>();

        _framework.ExpectMsg<ChronosFramework.KillRuns>().TaskIds.Should().Equal(run.TaskId);
    }

    [Fact]
    public void A_failing_job_is_retried_and_notified_once_after_its_last_retry_and_a_success_is_notified()
    {
        var chronos = StartChronos();
        chronos.Tell(new ChronosActor.SaveJob(Job("flaky", "R1//PT1M", retries: 1) with { Owner = "ops@example.com, https://hooks.example.com/flaky" }, JobValidator.Kind.Scheduled));
        ExpectMsg<ChronosActor.Done>();
        _clock.Advance(TimeSpan.FromMilliseconds(1));

        var first = _framework.ExpectMsg<ChronosFramework.LaunchRun>().Run;
        chronos.Tell(new ChronosFramework.TaskEnded(Status(first.TaskId, TaskState.TaskFailed)), _framework.Ref);
        // The acknowledgement comes straight back, the retry's launch through the framework child: in either order.
        object[] afterFirst = [_framework.ExpectMsg<object>(), _framework.ExpectMsg<object>()];
        var retry = afterFirst.OfType<ChronosFramework.LaunchRun>().Single().Run;
        _notifier.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        chronos.Tell(new ChronosFramework.TaskEnded(Status(retry.TaskId, TaskState.TaskFailed)), _framework.Ref);
        var failure = _notifier.ExpectMsg<RunNotification>();
        chronos.Tell(new ChronosActor.RunJob("flaky", []));
        var manual = _framework.FishForMessage<ChronosFramework.LaunchRun>(_ => true).Run;
        chronos.Tell(new ChronosFramework.TaskEnded(Status(manual.TaskId, TaskState.TaskFinished)), _framework.Ref);
        var success = _notifier.ExpectMsg<RunNotification>();

        afterFirst.OfType<ChronosFramework.Recorded>().Should().ContainSingle();
        retry.Attempt.Should().Be(1);
        failure.Should().Match<RunNotification>(n => !n.Succeeded && n.TaskId == retry.TaskId && n.State == "TASK_FAILED");
        failure.Owners.Should().Equal(new Uri("https://hooks.example.com/flaky"));
        success.Should().Match<RunNotification>(n => n.Succeeded && n.TaskId == manual.TaskId);
    }

    private sealed class Forwarder : ReceiveActor
    {
        public Forwarder(IActorRef to) => ReceiveAny(m => to.Forward(m));
    }
}
