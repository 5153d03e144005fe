using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;
using Mesos.Host.Chronos.Jobs;
using Mesos.Host.Chronos.Runs;
using NodaTime;

namespace Mesos.Host.Chronos.Scheduler;

/// <summary>
/// Chronos' scheduler: keeps the catalog of jobs (their names and parents) and the framework id as an event-sourced
/// actor, and routes to the job entities (<see cref="JobEntity"/>) through their shard region, which keep everything
/// else. It runs where the framework runs (the leading master) with its framework child, which launches the runs the
/// entities record, and hands back the runs' ends; it tells each job's successes to its dependents. It wakes every
/// listed job when it starts and every so often, so that an entity started again on another master learns where the
/// scheduler is and tells it the runs it has open.
/// </summary>
public sealed class ChronosActor : ReceivePersistentActor, IWithTimers
{
    /// <summary>Creates or replaces a job. Answered <see cref="ChronosReply.Done"/> or <see cref="ChronosReply.Refused"/>.</summary>
    public sealed record SaveJob(JobDefinition Job, JobValidator.Kind Kind);

    /// <summary>Deletes a job that no other job depends on. Answered <see cref="ChronosReply.Done"/>, <see cref="ChronosReply.Refused"/> or <see cref="ChronosReply.NotFound"/>.</summary>
    public sealed record DeleteJob(string Name);

    /// <summary>Answered with the <see cref="JobCatalog"/>, which is immutable.</summary>
    public sealed record GetCatalog
    {
        public static GetCatalog Instance { get; } = new();
    }

    private sealed record WakeAll
    {
        public static WakeAll Instance { get; } = new();
    }

    /// <summary>A job's entity answered a save or a delete for <paramref name="ReplyTo"/>.</summary>
    private sealed record Answered(string Name, bool Deleting, object Answer, IActorRef ReplyTo);

    /// <summary>Every dependent of <paramref name="Name"/> counted its success number <paramref name="Success"/>.</summary>
    private sealed record DependentsDone(string Name, long Success);

    /// <summary>How often every listed job is woken; an entity started again elsewhere is without a scheduler until then.</summary>
    public static readonly TimeSpan WakeInterval = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan EntityTimeout = TimeSpan.FromSeconds(20);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Func<string?, Props> _frameworkProps;
    private readonly Props? _notifierProps;
    private readonly IActorRef _jobs;
    private IActorRef _notifier = ActorRefs.Nobody;
    private IActorRef _framework = ActorRefs.Nobody;
    private JobCatalog _catalog = JobCatalog.Empty;
    private long _earlierLayout;

    // Jobs listed and not yet saved by their entity, with how many saves are under way: a wake-up's answer that
    // shows no job there yet is no reason to unlist them.
    private readonly Dictionary<string, int> _saving = new(StringComparer.Ordinal);

    /// <param name="frameworkProps">The framework child, given the framework id recovered (null for a new framework).</param>
    /// <param name="jobs">The shard region of the job entities.</param>
    /// <param name="journal">The journal and snapshot store plugins; null for the system's defaults.</param>
    /// <param name="notifier">The child told each <see cref="RunNotification"/>; null for none.</param>
    public ChronosActor(string persistenceId, Func<string?, Props> frameworkProps, IActorRef jobs, (string Journal, string Snapshots)? journal = null, Props? notifier = null)
    {
        PersistenceId = persistenceId;
        if (journal is { } plugins)
        {
            JournalPluginId = plugins.Journal;
            SnapshotPluginId = plugins.Snapshots;
        }
        _frameworkProps = frameworkProps;
        _notifierProps = notifier;
        _jobs = jobs;

        Recover<JobListed>(e => _catalog = _catalog.Apply(e));
        Recover<JobUnlisted>(e => _catalog = _catalog.Apply(e));
        Recover<FrameworkRegistered>(e => _catalog = _catalog.Apply(e));
        // A store of the earlier layout, where this journal held every job's events: not migrated, and said so.
        Recover<ChronosEvent>(_ => _earlierLayout++);
        Recover<RecoveryCompleted>(_ =>
        {
            if (_earlierLayout > 0)
            {
                _log.Warning("{Count} event(s) of jobs kept in the scheduler's own journal (an earlier layout) are ignored: post those jobs again", _earlierLayout);
            }
            Start();
        });

        Command<SaveJob>(Save);
        Command<DeleteJob>(Delete);
        Command<Answered>(OnAnswered);
        Command<JobEntity.RunNow>(run => ToListed(run.Name, run));
        Command<JobEntity.MarkSucceeded>(marked => ToListed(marked.Name, marked));
        Command<JobEntity.Kill>(kill => ToListed(kill.Name, kill));
        Command<GetCatalog>(_ => Sender.Tell(_catalog));
        Command<WakeAll>(_ =>
        {
            foreach (var name in _catalog.Jobs) _jobs.Tell(To(name, new JobEntity.Wake(name, Self)));
        });
        Command<JobEntity.View>(view =>
        {
            // A listed job its entity does not have: the scheduler stopped between listing it and its save, or
            // between its delete and unlisting it.
            if (view.Entry is null && !_saving.ContainsKey(view.Name)) Record(_catalog.Unlisted(view.Name), () => { });
        });
        Command<ChronosFramework.LaunchRun>(launch => _framework.Forward(launch));
        Command<ChronosFramework.KillRuns>(kill => _framework.Forward(kill));
        Command<RunNotification>(notification => _notifier.Tell(notification));
        Command<JobEntity.Succeeded>(TellDependents);
        Command<Status.Failure>(failure => _log.Warning("Dependents not told of a success yet: {Reason}", failure.Cause.Message));
        Command<DependentsDone>(done => _jobs.Tell(To(done.Name, new JobEntity.DependentsCounted(done.Name, done.Success))));
        Command<ChronosFramework.TaskEnded>(ended =>
        {
            var taskId = ended.Status.TaskId.Value;
            if (JobOf(taskId) is { } job) _jobs.Tell(To(job, new JobEntity.TaskEnded(job, ended.Status)), Sender);
            else
            {
                _log.Warning("Run {TaskId} is no task of a job: its end is acknowledged and nothing else", taskId);
                Sender.Tell(new ChronosFramework.Recorded(ended.Status));
            }
        });
        Command<ChronosFramework.Registered>(registered =>
        {
            if (_catalog.FrameworkId != registered.FrameworkId) Record([new FrameworkRegistered(registered.FrameworkId)], () => { });
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public override string PersistenceId { get; }

    public static Props Props(string persistenceId, Func<string?, Props> frameworkProps, IActorRef jobs, (string Journal, string Snapshots)? journal = null,
        Props? notifier = null) =>
        Akka.Actor.Props.Create(() => new ChronosActor(persistenceId, frameworkProps, jobs, journal, notifier));

    /// <summary>The job a run's task belongs to, from Chronos' task id <c>ct:&lt;due&gt;:&lt;attempt&gt;:&lt;job&gt;:&lt;count&gt;</c>; null for any other id.</summary>
    public static string? JobOf(string taskId) =>
        taskId.Split(':') is ["ct", _, _, { Length: > 0 } job, _] ? job : null;

    private static ShardingEnvelope To(string job, JobEntity.ICommand command) => new(job, command);

    private Instant Now => Instant.FromDateTimeOffset(Context.System.Scheduler.Now);

    private void Start()
    {
        _framework = Context.ActorOf(_frameworkProps(_catalog.FrameworkId), "framework");
        if (_notifierProps is not null) _notifier = Context.ActorOf(_notifierProps, "notifier");
        Self.Tell(WakeAll.Instance);
        Timers.StartPeriodicTimer(nameof(WakeAll), WakeAll.Instance, WakeInterval);
    }

    private void Save(SaveJob save)
    {
        IReadOnlyList<ChronosEvent> events;
        try
        {
            events = _catalog.List(save.Job, save.Kind, Now);
        }
        catch (JobRefusedException e)
        {
            Sender.Tell(new ChronosReply.Refused(e.Errors));
            return;
        }
        var (name, replyTo) = (save.Job.Name, Sender);
        _saving[name] = _saving.GetValueOrDefault(name) + 1;
        // Listed first: a job an entity has is always listed, so that its dependents and the API find it.
        Record(events, () => AskEntity(name, new JobEntity.Save(save.Job, Self), deleting: false, replyTo));
    }

    private void Delete(DeleteJob delete)
    {
        try
        {
            _catalog.CheckDelete(delete.Name);
        }
        catch (KeyNotFoundException e)
        {
            Sender.Tell(new ChronosReply.NotFound(e.Message));
            return;
        }
        catch (JobRefusedException e)
        {
            Sender.Tell(new ChronosReply.Refused(e.Errors));
            return;
        }
        // Unlisted only once its entity deleted it (and killed its runs), for the same reason.
        AskEntity(delete.Name, new JobEntity.Delete(delete.Name), deleting: true, Sender);
    }

    private void AskEntity(string name, JobEntity.ICommand command, bool deleting, IActorRef replyTo) =>
        _jobs.Ask<object>(To(name, command), EntityTimeout).PipeTo(Self,
            success: answer => new Answered(name, deleting, answer, replyTo),
            failure: e => new Answered(name, deleting, new Status.Failure(e), replyTo));

    private void OnAnswered(Answered answered)
    {
        if (!answered.Deleting)
        {
            if (_saving.GetValueOrDefault(answered.Name) <= 1) _saving.Remove(answered.Name);
            else _saving[answered.Name]--;
            answered.ReplyTo.Tell(answered.Answer);
            return;
        }
        if (answered.Answer is ChronosReply.Done or ChronosReply.NotFound)
        {
            Record(_catalog.Unlisted(answered.Name), () => answered.ReplyTo.Tell(ChronosReply.Done.Instance));
        }
        else
        {
            answered.ReplyTo.Tell(answered.Answer);
        }
    }

    private void ToListed(string name, JobEntity.ICommand command)
    {
        if (_catalog.Contains(name)) _jobs.Forward(To(name, command));
        else Sender.Tell(new ChronosReply.NotFound($"Job '{name}' does not exist"));
    }

    /// <summary>Tells each dependent a job's success; once all counted it, the job hears that they did. A dependent that did not answer hears it again when the job tells it again.</summary>
    private void TellDependents(JobEntity.Succeeded succeeded)
    {
        var (name, success) = (succeeded.Name, succeeded.Success);
        var counts = _catalog.Graph.DependentsOf(name)
            .Select(dependent => _jobs.Ask<ChronosReply.Done>(To(dependent, new JobEntity.CountParent(dependent, name, success)), EntityTimeout));
        Task.WhenAll(counts).PipeTo(Self, success: _ => new DependentsDone(name, success), failure: e => new Status.Failure(e));
    }

    /// <summary>Writes the events and folds each in, then runs <paramref name="then"/> before any other command.</summary>
    private void Record(IReadOnlyList<ChronosEvent> events, Action then)
    {
        if (events.Count == 0)
        {
            then();
            return;
        }
        // Run in the last event's handler, while commands still wait: a deferred handler would run after them, and a
        // wake-up could then reach a job's entity before the save that lists it.
        var written = 0;
        PersistAll(events, e =>
        {
            _catalog = _catalog.Apply(e);
            if (++written == events.Count) then();
        });
    }
}
