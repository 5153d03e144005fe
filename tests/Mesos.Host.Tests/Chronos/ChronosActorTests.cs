using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Persistence;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Mesos.Host.Chronos.Jobs;
using Mesos.Host.Chronos.Runs;
using Mesos.Host.Chronos.Scheduler;
using Mesos.V1;
using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.Host.Tests.Chronos;

/// <summary>
/// The scheduler actor with real job entities, on Akka's in-memory journal and virtual time, with a probe in place of its
/// framework and a region of this system in place of the cluster's shard region.
/// </summary>
public sealed class ChronosActorTests : TestKit
{
    private readonly TestProbe _framework;
    private readonly TestProbe _notifier;
    private readonly TestScheduler _clock;
    private readonly IActorRef _jobs;

    public ChronosActorTests(Xunit.Abstractions.ITestOutputHelper output) : base(ActorTestConfig.VirtualTimeAndMemoryJournal, null, output)
    {
        _framework = CreateTestProbe();
        _notifier = CreateTestProbe();
        _clock = (TestScheduler)Sys.Scheduler;
        _jobs = Sys.ActorOf(Props.Create(() => new LocalRegion()), "jobs");
    }

    /// <summary>
    /// The first recovery in a test process loads Akka.Persistence and its in-memory journal, which on a busy machine takes
    /// longer than the test kit's default wait; so does a job entity's first recovery, which every save waits for.
    /// </summary>
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(30);

    /// <summary>A scheduler that has recovered: it holds every command until then, so its first answer comes once it has.</summary>
    private IActorRef StartChronos(string? expectFrameworkId = null)
    {
        var (framework, notifier) = (_framework.Ref, _notifier.Ref);
        var chronos = Sys.ActorOf(ChronosActor.Props("chronos", id =>
        {
            id.Should().Be(expectFrameworkId);
            return Props.Create(() => new Forwarder(framework));
        }, _jobs, notifier: Props.Create(() => new Forwarder(notifier))));
        chronos.Tell(ChronosActor.GetCatalog.Instance);
        ExpectMsg<JobCatalog>(Recovery);
        return chronos;
    }

    private void Restart(ref IActorRef chronos, string? expectFrameworkId = null)
    {
        Watch(chronos);
        Sys.Stop(chronos);
        ExpectTerminated(chronos);
        chronos = StartChronos(expectFrameworkId);
    }

    private static JobDefinition Job(string name, string schedule = "R//PT2S", int retries = 0) =>
        new() { Name = name, Command = "true", Schedule = schedule, Retries = retries };

    private static JobDefinition Dependent(string name, params string[] parents) => new() { Name = name, Command = "true", Parents = [.. parents] };

    private static TaskStatus Status(string taskId, TaskState state) =>
        new() { TaskId = new TaskID { Value = taskId }, State = state, Uuid = Google.Protobuf.ByteString.CopyFromUtf8("u") };

    private void Save(IActorRef chronos, JobDefinition job, JobValidator.Kind kind = JobValidator.Kind.Scheduled)
    {
        chronos.Tell(new ChronosActor.SaveJob(job, kind));
        ExpectMsg<ChronosReply.Done>(Recovery);
    }

    private JobCatalog Catalog(IActorRef chronos)
    {
        chronos.Tell(ChronosActor.GetCatalog.Instance);
        return ExpectMsg<JobCatalog>();
    }

    private JobEntity.View View(string name)
    {
        _jobs.Tell(new ShardingEnvelope(name, new JobEntity.Get(name)));
        return ExpectMsg<JobEntity.View>();
    }

    /// <summary>Ends a run as the framework child would, and waits for the entity's answer that its end is recorded.</summary>
    private void Ended(IActorRef chronos, JobRun run, TaskState state)
    {
        chronos.Tell(new ChronosFramework.TaskEnded(Status(run.TaskId, state)), _framework.Ref);
        _framework.FishForMessage<ChronosFramework.Recorded>(r => r.Status.TaskId.Value == run.TaskId);
    }

    [Fact]
    public void A_saved_job_is_listed_its_run_is_launched_through_the_framework_and_its_end_is_recorded_by_the_entity_before_it_is_acknowledged()
    {
        var chronos = StartChronos();
        Save(chronos, Job("tick"));

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        var launch = _framework.ExpectMsg<ChronosFramework.LaunchRun>();
        chronos.Tell(new ChronosFramework.TaskEnded(Status(launch.Run.TaskId, TaskState.TaskFinished)), _framework.Ref);
        var recorded = _framework.ExpectMsg<ChronosFramework.Recorded>();

        launch.Should().Match<ChronosFramework.LaunchRun>(l => l.Job.Name == "tick" && !l.Recovered && l.Run.Cause == RunCause.Schedule);
        recorded.Status.TaskId.Value.Should().Be(launch.Run.TaskId);
        Catalog(chronos).Jobs.Should().Equal("tick");
        View("tick").Entry!.Stats.SuccessCount.Should().Be(1);
    }

    [Fact]
    public void A_restarted_scheduler_keeps_its_catalog_and_framework_id_and_wakes_every_job_which_hands_its_open_runs_over_for_reconciliation()
    {
        var chronos = StartChronos();
        chronos.Tell(new ChronosFramework.Registered("framework-1"));
        Save(chronos, Job("daily", "R/2026-01-01T00:00:00Z/P1D"));
        chronos.Tell(new JobEntity.RunNow("daily", ["--verbose"]));
        ExpectMsg<ChronosReply.Done>();
        var launched = _framework.ExpectMsg<ChronosFramework.LaunchRun>();

        Restart(ref chronos, expectFrameworkId: "framework-1");
        var recovered = _framework.FishForMessage<ChronosFramework.LaunchRun>(l => l.Recovered);

        recovered.Run.Should().BeEquivalentTo(launched.Run);
        recovered.Run.Arguments.Should().Equal("--verbose");
        Catalog(chronos).Jobs.Should().Equal("daily");
        _clock.Advance(ChronosActor.WakeInterval);
        _framework.FishForMessage<ChronosFramework.LaunchRun>(l => l.Recovered).Run.TaskId.Should().Be(launched.Run.TaskId,
            "the job is woken every so often, and tells its open runs again");
    }

    [Fact]
    public void Refused_jobs_unknown_parents_and_unknown_names_are_answered_and_list_nothing()
    {
        var chronos = StartChronos();

        chronos.Tell(new ChronosActor.SaveJob(Job("bad name!", "not a schedule"), JobValidator.Kind.Scheduled));
        var refused = ExpectMsg<ChronosReply.Refused>();
        chronos.Tell(new ChronosActor.SaveJob(Dependent("orphan", "nobody"), JobValidator.Kind.Dependent));
        var orphan = ExpectMsg<ChronosReply.Refused>();
        chronos.Tell(new JobEntity.RunNow("nope", []));
        ExpectMsg<ChronosReply.NotFound>();
        chronos.Tell(new ChronosActor.DeleteJob("nope"));
        ExpectMsg<ChronosReply.NotFound>();

        refused.Errors.Should().HaveCountGreaterThanOrEqualTo(2);
        orphan.Errors.Should().ContainSingle(e => e.Contains("'nobody'", StringComparison.Ordinal));
        Catalog(chronos).Jobs.Should().BeEmpty();
        View("orphan").Entry.Should().BeNull();
        _framework.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Deleting_a_job_kills_its_open_runs_and_unlists_it_and_a_parent_of_another_job_is_not_deleted()
    {
        var chronos = StartChronos();
        Save(chronos, Job("long", "R/2026-01-01T00:00:00Z/P1D"));
        Save(chronos, Job("root", "R/2026-01-01T00:00:00Z/P1D"));
        Save(chronos, Dependent("leaf", "root"), JobValidator.Kind.Dependent);
        chronos.Tell(new JobEntity.RunNow("long", []));
        ExpectMsg<ChronosReply.Done>();
        var run = _framework.ExpectMsg<ChronosFramework.LaunchRun>().Run;

        chronos.Tell(new ChronosActor.DeleteJob("long"));
        ExpectMsg<ChronosReply.Done>();
        chronos.Tell(new ChronosActor.DeleteJob("root"));
        var refused = ExpectMsg<ChronosReply.Refused>();

        _framework.ExpectMsg<ChronosFramework.KillRuns>().TaskIds.Should().Equal(run.TaskId);
        refused.Errors.Should().ContainSingle(e => e.Contains("leaf", StringComparison.Ordinal));
        Catalog(chronos).Jobs.Should().Equal("leaf", "root");
        View("long").Entry.Should().BeNull();
        View("root").Entry.Should().NotBeNull();
    }

    [Fact]
    public void A_dependent_job_runs_once_after_both_parents_succeeded_and_the_parents_hear_that_it_counted_them()
    {
        var chronos = StartChronos();
        Save(chronos, Job("a", "R/2026-01-01T00:00:00Z/P1D"));
        Save(chronos, Job("b", "R/2026-01-01T00:00:00Z/P1D"));
        Save(chronos, Dependent("both", "a", "b"), JobValidator.Kind.Dependent);

        chronos.Tell(new JobEntity.RunNow("a", []));
        ExpectMsg<ChronosReply.Done>();
        Ended(chronos, _framework.ExpectMsg<ChronosFramework.LaunchRun>().Run, TaskState.TaskFinished);
        _framework.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        chronos.Tell(new JobEntity.RunNow("b", []));
        ExpectMsg<ChronosReply.Done>();
        Ended(chronos, _framework.ExpectMsg<ChronosFramework.LaunchRun>().Run, TaskState.TaskFinished);
        var dependent = _framework.ExpectMsg<ChronosFramework.LaunchRun>();
        // Woken again, the parents have nothing left to tell: their successes were counted once.
        _clock.Advance(ChronosActor.WakeInterval);

        dependent.Should().Match<ChronosFramework.LaunchRun>(l => l.Job.Name == "both" && l.Run.Cause == RunCause.Parents);
        _framework.FishForMessage<ChronosFramework.LaunchRun>(l => l.Recovered).Run.TaskId.Should().Be(dependent.Run.TaskId);
        _framework.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        AwaitAssert(() => View("a").Should().Match<JobEntity.View>(v => v.Entry!.Stats.SuccessCount == 1), TimeSpan.FromSeconds(3));
    }

    [Fact]
    public void A_failing_job_is_retried_and_notified_once_after_its_last_retry_and_a_success_is_notified()
    {
        var chronos = StartChronos();
        Save(chronos, Job("flaky", "R1//PT1M", retries: 1) with { Owner = "ops@example.com, https://hooks.example.com/flaky" });
        _clock.Advance(TimeSpan.FromMilliseconds(1));

        var first = _framework.ExpectMsg<ChronosFramework.LaunchRun>().Run;
        chronos.Tell(new ChronosFramework.TaskEnded(Status(first.TaskId, TaskState.TaskFailed)), _framework.Ref);
        // The acknowledgement comes straight from the entity, the retry's launch through the scheduler: in either order.
        object[] afterFirst = [_framework.ExpectMsg<object>(), _framework.ExpectMsg<object>()];
        var retry = afterFirst.OfType<ChronosFramework.LaunchRun>().Single().Run;
        _notifier.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        chronos.Tell(new ChronosFramework.TaskEnded(Status(retry.TaskId, TaskState.TaskFailed)), _framework.Ref);
        var failure = _notifier.ExpectMsg<RunNotification>();
        chronos.Tell(new JobEntity.RunNow("flaky", []));
        var manual = _framework.FishForMessage<ChronosFramework.LaunchRun>(_ => true).Run;
        chronos.Tell(new ChronosFramework.TaskEnded(Status(manual.TaskId, TaskState.TaskFinished)), _framework.Ref);
        var success = _notifier.ExpectMsg<RunNotification>();

        afterFirst.OfType<ChronosFramework.Recorded>().Should().ContainSingle();
        retry.Attempt.Should().Be(1);
        failure.Should().Match<RunNotification>(n => !n.Succeeded && n.TaskId == retry.TaskId && n.State == "TASK_FAILED");
        failure.Owners.Should().Equal(new Uri("https://hooks.example.com/flaky"));
        success.Should().Match<RunNotification>(n => n.Succeeded && n.TaskId == manual.TaskId);
    }

    [Fact]
    public void A_listed_job_its_entity_does_not_have_is_unlisted_when_woken_and_a_task_of_no_job_is_acknowledged()
    {
        var chronos = StartChronos();
        Save(chronos, Job("lost", "R/2026-01-01T00:00:00Z/P1D"));
        // As if the scheduler had stopped between the entity's delete and unlisting the job.
        _jobs.Tell(new ShardingEnvelope("lost", new JobEntity.Delete("lost")));
        ExpectMsg<ChronosReply.Done>();
        var foreign = Status("not-a-chronos-task", TaskState.TaskFinished);
        chronos.Tell(new ChronosFramework.TaskEnded(foreign), _framework.Ref);

        _framework.ExpectMsg<ChronosFramework.Recorded>().Status.Should().Be(foreign);
        Catalog(chronos).Jobs.Should().Equal("lost");
        _clock.Advance(ChronosActor.WakeInterval);
        AwaitAssert(() => Catalog(chronos).Jobs.Should().BeEmpty(), TimeSpan.FromSeconds(3));
    }

    [Fact]
    public void Jobs_kept_in_the_schedulers_own_journal_by_the_earlier_layout_are_skipped_with_a_warning()
    {
        var earlier = Sys.ActorOf(Props.Create(() => new EarlierLayout()));
        earlier.Tell(new JobSaved(Job("old"), NodaTime.Instant.FromUnixTimeSeconds(0)));
        ExpectMsg<JobSaved>();
        Watch(earlier);
        Sys.Stop(earlier);
        ExpectTerminated(earlier);

        var chronos = EventFilter.Warning(contains: "post those jobs again").ExpectOne(() => StartChronos());

        Catalog(chronos).Jobs.Should().BeEmpty();
        Save(chronos, Job("new", "R/2026-01-01T00:00:00Z/P1D"));
        Catalog(chronos).Jobs.Should().Equal("new");
    }

    [Fact]
    public void A_job_is_named_by_its_task_id()
    {
        ChronosActor.JobOf("ct:1767225600000:0:nightly.backup-2:7").Should().Be("nightly.backup-2");
        ChronosActor.JobOf("nightly").Should().BeNull();
        ChronosActor.JobOf("ct:1:0::7").Should().BeNull();
    }

    /// <summary>Writes job events as the scheduler of the earlier layout did, in its own journal.</summary>
    private sealed class EarlierLayout : ReceivePersistentActor
    {
        public EarlierLayout() => Command<ChronosEvent>(e => Persist(e, written => Sender.Tell(written)));

        public override string PersistenceId => "chronos";
    }

    private sealed class Forwarder : ReceiveActor
    {
        public Forwarder(IActorRef to) => ReceiveAny(m => to.Forward(m));
    }

    /// <summary>
    /// A shard region in this system: an entity per job name, started for its first message. As a shard does, one that
    /// passivates is asked to stop, the messages for its job wait until it has stopped, and then start another.
    /// </summary>
    private sealed class LocalRegion : ReceiveActor
    {
        private readonly Dictionary<string, IActorRef> _entities = [];
        private readonly Dictionary<string, List<(ShardingEnvelope Envelope, IActorRef Sender)>> _waiting = [];
        private int _started;

        public LocalRegion()
        {
            Receive<ShardingEnvelope>(envelope =>
            {
                if (_waiting.TryGetValue(envelope.EntityId, out var waiting)) waiting.Add((envelope, Sender));
                else Deliver(envelope, Sender);
            });
            Receive<Passivate>(passivate =>
            {
                foreach (var name in _entities.Where(e => e.Value.Equals(Sender)).Select(e => e.Key)) _waiting.TryAdd(name, []);
                Sender.Tell(passivate.StopMessage);
            });
            Receive<Terminated>(terminated =>
            {
                var name = _entities.Single(e => e.Value.Equals(terminated.ActorRef)).Key;
                _entities.Remove(name);
                if (!_waiting.Remove(name, out var waiting)) return;
                foreach (var (envelope, sender) in waiting) Deliver(envelope, sender);
            });
        }

        private void Deliver(ShardingEnvelope envelope, IActorRef sender)
        {
            var name = envelope.EntityId;
            if (!_entities.TryGetValue(name, out var entity))
            {
                entity = Context.Watch(Context.ActorOf(JobEntity.Props(name), $"{name}-{++_started}"));
                _entities[name] = entity;
            }
            entity.Tell(envelope.Message, sender);
        }
    }
}
