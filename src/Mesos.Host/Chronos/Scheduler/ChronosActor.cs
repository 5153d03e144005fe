using Akka.Actor;
using Akka.Persistence;
using Mesos.Actors.Protocol;
using Mesos.Host.Chronos.Jobs;
using Mesos.Host.Chronos.Runs;
using Mesos.V1;
using NodaTime;
using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.Host.Chronos.Scheduler;

/// <summary>
/// Chronos' scheduler: keeps the job book as an event-sourced actor, wakes when a schedule falls due, and
/// hands the runs it records as started to its framework child. Every change is recorded before it is
/// answered or acted on; a restart replays the book and reconciles the runs that were open.
/// </summary>
public sealed class ChronosActor : ReceivePersistentActor, IWithTimers
{
    public sealed record SaveJob(JobDefinition Job, JobValidator.Kind Kind);

    public sealed record DeleteJob(string Name);

    public sealed record RunJob(string Name, IReadOnlyList<string> Arguments);

    public sealed record MarkSucceeded(string Name);

    public sealed record KillJob(string Name);

    /// <summary>Answered with the <see cref="JobBook"/>, which is immutable.</summary>
    public sealed record GetBook
    {
        public static GetBook Instance { get; } = new();
    }

    /// <summary>The change is recorded.</summary>
    public sealed record Done
    {
        public static Done Instance { get; } = new();
    }

    public sealed record Refused(IReadOnlyList<string> Errors);

    public sealed record NotFound(string Message);

    private sealed record Tick
    {
        public static Tick Instance { get; } = new();
    }

    // Wakes at least this often, so that a changed clock is noticed.
    private static readonly TimeSpan LongestSleep = TimeSpan.FromMinutes(1);

    private readonly Func<string?, Props> _frameworkProps;
    private readonly Props? _notifierProps;
    private IActorRef _notifier = ActorRefs.Nobody;
    private JobBook _book = JobBook.Empty;
    private IActorRef _framework = ActorRefs.Nobody;

    /// <param name="frameworkProps">The framework child, given the framework id recovered (null for a new framework).</param>
    /// <param name="journal">The journal and snapshot store plugins; null for the system's defaults.</param>
    /// <param name="notifier">The child told each <see cref="RunNotification"/> once its run's end is recorded; null for none.</param>
    public ChronosActor(string persistenceId, Func<string?, Props> frameworkProps, (string Journal, string Snapshots)? journal = null, Props? notifier = null)
    {
        PersistenceId = persistenceId;
        if (journal is { } plugins)
        {
            JournalPluginId = plugins.Journal;
            SnapshotPluginId = plugins.Snapshots;
        }
        _frameworkProps = frameworkProps;
        _notifierProps = notifier;

        Recover<ChronosEvent>(e => _book = _book.Apply(e));
        Recover<RecoveryCompleted>(_ => Start());

        Command<SaveJob>(save => Decide(() => _book.Save(save.Job, save.Kind, Now)));
        Command<DeleteJob>(delete => Decide(() => _book.Delete(delete.Name)));
        Command<RunJob>(run => Decide(() => _book.RunNow(run.Name, run.Arguments, Now)));
        Command<MarkSucceeded>(marked => Decide(() => _book.MarkSucceeded(marked.Name, Now)));
        Command<KillJob>(kill =>
        {
            if (!_book.Jobs.ContainsKey(kill.Name))
            {
                Sender.Tell(new NotFound($"Job '{kill.Name}' does not exist"));
                return;
            }
            _framework.Tell(new ChronosFramework.KillRuns([.. _book.RunsOf(kill.Name).Select(r => r.TaskId)]));
            Sender.Tell(Done.Instance);
        });
        Command<GetBook>(_ => Sender.Tell(_book));
        Command<Tick>(_ => Record(_book.Due(Now), () => { }));
        Command<ChronosFramework.TaskEnded>(ended =>
        {
            var status = ended.Status;
            var framework = Sender;
            Record(_book.Ended(status.TaskId.Value, status.State == TaskState.TaskFinished, ProtoNames.Of(status.State), status.Message, Now),
                () => framework.Tell(new ChronosFramework.Recorded(status)));
        });
        Command<ChronosFramework.Registered>(registered =>
        {
            if (_book.FrameworkId != registered.FrameworkId) Record([new FrameworkRegistered(registered.FrameworkId)], () => { });
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public override string PersistenceId { get; }

    public static Props Props(string persistenceId, Func<string?, Props> frameworkProps, (string Journal, string Snapshots)? journal = null, Props? notifier = null) =>
        Akka.Actor.Props.Create(() => new ChronosActor(persistenceId, frameworkProps, journal, notifier));

    private Instant Now => Instant.FromDateTimeOffset(Context.System.Scheduler.Now);

    private void Start()
    {
        _framework = Context.ActorOf(_frameworkProps(_book.FrameworkId), "framework");
        if (_notifierProps is not null) _notifier = Context.ActorOf(_notifierProps, "notifier");
        foreach (var run in _book.Runs.Values)
        {
            if (_book.Jobs.TryGetValue(run.Job, out var job)) _framework.Tell(new ChronosFramework.LaunchRun(run, job.Definition, Recovered: true));
        }
        ScheduleTick();
    }

    private void Decide(Func<IReadOnlyList<ChronosEvent>> decide)
    {
        IReadOnlyList<ChronosEvent> events;
        try
        {
            events = decide();
        }
        catch (JobRefusedException e)
        {
            Sender.Tell(new Refused(e.Errors));
            return;
        }
        catch (KeyNotFoundException e)
        {
            Sender.Tell(new NotFound(e.Message));
            return;
        }
        var sender = Sender;
        Record(events, () => sender.Tell(Done.Instance));
    }

    /// <summary>Writes the events, folds each in and acts on it once written, then runs <paramref name="then"/>.</summary>
    private void Record(IReadOnlyList<ChronosEvent> events, Action then)
    {
        var runsOfDeleted = events.OfType<JobDeleted>().SelectMany(d => _book.RunsOf(d.Name)).Select(r => r.TaskId).ToList();
        PersistAll(events, e =>
        {
            if (e is RunEnded ended && RunNotification.Of(_book, ended) is { } notification) _notifier.Tell(notification);
            _book = _book.Apply(e);
            if (e is RunStarted started && _book.Jobs.TryGetValue(started.Job, out var job))
            {
                _framework.Tell(new ChronosFramework.LaunchRun(_book.Runs[started.TaskId], job.Definition, Recovered: false));
            }
        });
        DeferAsync(events, _ =>
        {
            if (runsOfDeleted.Count > 0) _framework.Tell(new ChronosFramework.KillRuns(runsOfDeleted));
            // The wake-up is set before anyone hears of the change, so that whoever moves the clock next is seen by it.
            ScheduleTick();
            then();
        });
    }

    private void ScheduleTick()
    {
        var delay = _book.NextDue is { } due ? (due - Now).ToTimeSpan() : LongestSleep;
        Timers.StartSingleTimer(nameof(Tick), Tick.Instance, delay < TimeSpan.Zero ? TimeSpan.Zero : delay > LongestSleep ? LongestSleep : delay);
    }
}
