using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;
using Mesos.Actors.Protocol;
using Mesos.Host.Chronos.Jobs;
using Mesos.Host.Chronos.Runs;
using Mesos.V1;
using NodaTime;
using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.Host.Chronos.Scheduler;

/// <summary>
/// One job as an event-sourced entity (persistence id <c>chronos-job-{name}</c>): its definition, schedule,
/// open runs, history and place in its dependency chain. It wakes when its schedule falls due, records a run
/// as started before it asks the scheduler to launch it, and records a run's end before it answers, so that
/// the scheduler acknowledges the terminal update only once it is kept. The scheduler runs on one master and
/// may move, as may the entity: the entity learns where the scheduler is from its <see cref="Save"/> and
/// <see cref="Wake"/>, which the scheduler sends every job when it starts and every so often. What the scheduler
/// must hear (open runs to reconcile, successes the dependents have not counted yet) is told again whenever it
/// wakes the entity, until it confirms; the answers are idempotent, so nothing counts twice.
/// </summary>
public sealed class JobEntity : ReceivePersistentActor, IWithTimers
{
    public const string PersistencePrefix = "chronos-job-";

    /// <summary>The type name of the jobs' shard region.</summary>
    public const string TypeName = "chronos-job";

    /// <summary>A message for the entity of job <see cref="Name"/>: the shard region routes by it.</summary>
    public interface ICommand
    {
        string Name { get; }
    }

    /// <summary>Creates or replaces the job (checked by <paramref name="Scheduler"/> against the other jobs). Answered <see cref="ChronosReply.Done"/>.</summary>
    public sealed record Save(JobDefinition Job, IActorRef Scheduler) : ICommand
    {
        public string Name => Job.Name;
    }

    /// <summary>Deletes the job and kills its runs. Answered <see cref="ChronosReply.Done"/> or <see cref="ChronosReply.NotFound"/>.</summary>
    public sealed record Delete(string Name) : ICommand;

    public sealed record RunNow(string Name, IReadOnlyList<string> Arguments) : ICommand;

    public sealed record MarkSucceeded(string Name) : ICommand;

    /// <summary>Kills the job's open runs. Answered <see cref="ChronosReply.Done"/> or <see cref="ChronosReply.NotFound"/>.</summary>
    public sealed record Kill(string Name) : ICommand;

    /// <summary>Answered with the job's <see cref="View"/>.</summary>
    public sealed record Get(string Name) : ICommand;

    /// <summary>From <paramref name="Scheduler"/>: tell it the open runs and untold successes again, and answer with the <see cref="View"/>.</summary>
    public sealed record Wake(string Name, IActorRef Scheduler) : ICommand;

    /// <summary>A run's task reached a terminal state. Answered <see cref="ChronosFramework.Recorded"/> once its end is kept.</summary>
    public sealed record TaskEnded(string Name, TaskStatus Status) : ICommand;

    /// <summary>Success number <paramref name="Success"/> of the job's parent <paramref name="Parent"/>. Answered <see cref="ChronosReply.Done"/> once counted.</summary>
    public sealed record CountParent(string Name, string Parent, long Success) : ICommand;

    /// <summary>The job's dependents counted its successes up to <paramref name="Success"/>.</summary>
    public sealed record DependentsCounted(string Name, long Success) : ICommand;

    /// <summary>Starts the entity, and nothing else.</summary>
    public sealed record Keep(string Name) : ICommand;

    /// <summary>The job as it is now: none when it does not exist.</summary>
    public sealed record View(string Name, JobEntry? Entry, ImmutableArray<JobRun> Runs);

    /// <summary>To the scheduler: the job's dependents are to count its successes up to <paramref name="Success"/>, then confirm with <see cref="DependentsCounted"/>.</summary>
    public sealed record Succeeded(string Name, long Success);

    /// <summary>The message the shard sends back when the entity passivates.</summary>
    public sealed record Stop
    {
        public static Stop Instance { get; } = new();
    }

    private sealed record Tick
    {
        public static Tick Instance { get; } = new();
    }

    private sealed record Retell
    {
        public static Retell Instance { get; } = new();
    }

    // Wakes at least this often, so that a changed clock is noticed.
    private static readonly TimeSpan LongestSleep = TimeSpan.FromMinutes(1);

    // Successes the dependents have not confirmed are told again this often, in case the scheduler was away.
    private static readonly TimeSpan RetellInterval = TimeSpan.FromSeconds(10);

    private readonly string _name;
    private JobState _state = JobState.None;

    // Where launches, kills, notifications and successes go; unknown until the scheduler sends a Save or a Wake.
    private IActorRef _scheduler = ActorRefs.Nobody;

    /// <param name="journal">The journal and snapshot store plugins; null for the system's defaults.</param>
    public JobEntity(string name, (string Journal, string Snapshots)? journal = null)
    {
        _name = name;
        PersistenceId = PersistencePrefix + name;
        if (journal is { } plugins)
        {
            JournalPluginId = plugins.Journal;
            SnapshotPluginId = plugins.Snapshots;
        }

        Recover<ChronosEvent>(e => _state = _state.Apply(e));
        Recover<RecoveryCompleted>(_ =>
        {
            Context.GetLogger().Info("Chronos job {Job} is kept here, on {Address}: {Runs} open run(s), {Successes} success(es)",
                _name, ((ExtendedActorSystem)Context.System).Provider.DefaultAddress, _state.Runs.Count, _state.Successes);
            ScheduleTick();
        });

        Command<Save>(save =>
        {
            _scheduler = save.Scheduler;
            Decide(() => _state.Save(save.Job, Now));
        });
        Command<Delete>(delete =>
        {
            var runs = _state.Runs.Keys.ToList();
            Decide(() => _state.Delete(delete.Name), () => KillRuns(runs));
        });
        Command<RunNow>(run => Decide(() => _state.RunNow(run.Name, run.Arguments, Now)));
        Command<MarkSucceeded>(marked => Decide(() => _state.MarkSucceeded(marked.Name, Now)));
        Command<Kill>(_ =>
        {
            if (!_state.Exists)
            {
                Sender.Tell(NotFound);
                PassivateIfFinished();
                return;
            }
            KillRuns(_state.Runs.Keys.ToList());
            Sender.Tell(ChronosReply.Done.Instance);
        });
        Command<Get>(_ =>
        {
            Sender.Tell(Viewed);
            PassivateIfFinished();
        });
        Command<Wake>(wake =>
        {
            _scheduler = wake.Scheduler;
            Announce();
            Sender.Tell(Viewed);
            PassivateIfFinished();
        });
        Command<TaskEnded>(ended =>
        {
            var status = ended.Status;
            var sender = Sender;
            Record(_state.Ended(status.TaskId.Value, status.State == TaskState.TaskFinished, ProtoNames.Of(status.State), status.Message, Now),
                () => sender.Tell(new ChronosFramework.Recorded(status)));
        });
        Command<CountParent>(count =>
        {
            var sender = Sender;
            Record(_state.CountParent(count.Parent, count.Success, Now), () => sender.Tell(ChronosReply.Done.Instance));
        });
        Command<DependentsCounted>(counted => Record(_state.Told(counted.Success), () => { }));
        Command<Tick>(_ => Record(_state.Due(Now), () => { }));
        Command<Retell>(_ => TellSuccesses());
        Command<Stop>(_ =>
        {
            // A job saved after the entity asked to passivate: the shard that hosts it is asked to start it again at
            // once, so that it stays among the remembered entities and keeps its schedule.
            if (!_state.Finished) Context.Parent.Tell(new ShardingEnvelope(_name, new Keep(_name)));
            Context.Stop(Self);
        });
        Command<Keep>(_ => { });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public override string PersistenceId { get; }

    public static Props Props(string name, (string Journal, string Snapshots)? journal = null) =>
        Akka.Actor.Props.Create(() => new JobEntity(name, journal));

    private Instant Now => Instant.FromDateTimeOffset(Context.System.Scheduler.Now);

    private View Viewed => new(_name, _state.Entry, [.. _state.Runs.Values.OrderBy(r => r.Started)]);

    private ChronosReply.NotFound NotFound => new($"Job '{_name}' does not exist");

    /// <summary>Tells the scheduler what it may not know: the open runs (to reconcile), the runs of a deleted job (to kill), the untold successes.</summary>
    private void Announce()
    {
        if (_state.Entry is { } job)
        {
            foreach (var run in _state.Runs.Values) _scheduler.Tell(new ChronosFramework.LaunchRun(run, job.Definition, Recovered: true));
        }
        else
        {
            KillRuns(_state.Runs.Keys.ToList());
        }
        TellSuccesses();
    }

    private void TellSuccesses()
    {
        if (_state.Successes <= _state.SuccessesTold || _scheduler.IsNobody()) return;
        _scheduler.Tell(new Succeeded(_name, _state.Successes));
        Timers.StartSingleTimer(nameof(Retell), Retell.Instance, RetellInterval);
    }

    private void KillRuns(IReadOnlyList<string> taskIds)
    {
        if (taskIds.Count > 0) _scheduler.Tell(new ChronosFramework.KillRuns(taskIds));
    }

    private void Decide(Func<IReadOnlyList<ChronosEvent>> decide, Action? recorded = null)
    {
        IReadOnlyList<ChronosEvent> events;
        try
        {
            events = decide();
        }
        catch (KeyNotFoundException)
        {
            Sender.Tell(NotFound);
            PassivateIfFinished();
            return;
        }
        var sender = Sender;
        Record(events, () =>
        {
            recorded?.Invoke();
            sender.Tell(ChronosReply.Done.Instance);
        });
    }

    /// <summary>Writes the events, folds each in and acts on it once written, then runs <paramref name="then"/> before any other command.</summary>
    private void Record(IReadOnlyList<ChronosEvent> events, Action then)
    {
        if (events.Count == 0)
        {
            then();
            PassivateIfFinished();
            return;
        }
        // What follows the write runs in the last event's handler, while commands still wait: a deferred handler
        // would run after the commands that arrived meanwhile (a passivation's stop among them, with the answer unsent).
        var written = 0;
        PersistAll(events, e =>
        {
            if (e is RunEnded ended && _state.Runs.TryGetValue(ended.TaskId, out var run) && _state.Entry is { } entry
                && RunNotification.Of(run, entry.Definition, ended) is { } notification)
            {
                _scheduler.Tell(notification);
            }
            _state = _state.Apply(e);
            if (e is RunStarted started && _state.Entry is { } job)
            {
                _scheduler.Tell(new ChronosFramework.LaunchRun(_state.Runs[started.TaskId], job.Definition, Recovered: false));
            }
            if (++written < events.Count) return;
            // The wake-up is set before anyone hears of the change, so that whoever moves the clock next is seen by it.
            ScheduleTick();
            TellSuccesses();
            then();
            PassivateIfFinished();
        });
    }

    private void ScheduleTick()
    {
        if (_state.NextDue is not { } due)
        {
            Timers.Cancel(nameof(Tick));
            return;
        }
        var delay = (due - Now).ToTimeSpan();
        Timers.StartSingleTimer(nameof(Tick), Tick.Instance, delay < TimeSpan.Zero ? TimeSpan.Zero : delay > LongestSleep ? LongestSleep : delay);
    }

    // A job that is gone and owes nothing stops, and its shard forgets it, so that deleted jobs and names only
    // asked about do not come back with every failover.
    private void PassivateIfFinished()
    {
        if (_state.Finished) Context.Parent.Tell(new Passivate(Stop.Instance));
    }
}
