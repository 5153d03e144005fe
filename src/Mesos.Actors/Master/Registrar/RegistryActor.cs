using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Mesos.Internal.Registry;

namespace Mesos.Actors.Master.Registrar;

/// <summary>
/// The master's registry as an event-sourced actor: it replays its journal (from the latest snapshot),
/// records the epoch of the master that owns it, and tells its parent <see cref="Recovered"/>. Then it
/// persists what the master asks (<see cref="Apply"/>) and answers only once the journal holds it.
/// A write that fails is answered <see cref="WriteFailed"/>, and the actor stops, as Akka's persistent
/// actors do, since what it holds may no longer be what the journal holds: the master starts a new
/// one, which recovers the truth. Deciding and applying are <see cref="RegistryOperation"/>'s and
/// <see cref="Registry"/>'s; this actor only persists and answers.
/// </summary>
public sealed class RegistryActor : ReceivePersistentActor
{
    private readonly RegistrySettings _settings;
    private readonly string _masterId;
    private readonly ulong _heldEpoch;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private Registry _registry = Registry.Empty;
    private long _sinceSnapshot;
    private IActorRef? _awaiting;

    /// <param name="heldEpoch">
    /// The epoch the master already holds (0 at its start): a registry started again after a failure
    /// keeps it rather than starting another, and finds out whether another master took over meanwhile.
    /// </param>
    public RegistryActor(RegistrySettings settings, string masterId, ulong heldEpoch = 0)
    {
        _settings = settings;
        _masterId = masterId;
        _heldEpoch = heldEpoch;
        JournalPluginId = settings.JournalPluginId;
        SnapshotPluginId = settings.SnapshotPluginId;

        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is RegistrySnapshot snapshot) _registry = Registry.FromSnapshot(snapshot);
        });
        Recover<RegistryEvent>(e =>
        {
            _registry = _registry.Apply(e);
            _sinceSnapshot++;
        });
        Recover<RecoveryCompleted>(_ => TakeOver());
        Command<Apply>(OnApply);
        Command<SaveSnapshotSuccess>(saved => DeleteSnapshots(new SnapshotSelectionCriteria(saved.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(failed => _log.Warning("Registry snapshot at {SequenceNr} failed: {Reason}", failed.Metadata.SequenceNr, failed.Cause.Message));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(failed => _log.Warning("Deleting old registry snapshots failed: {Reason}", failed.Cause.Message));
    }

    public override string PersistenceId => RegistrySettings.PersistenceId;

    public static Props Props(RegistrySettings settings, string masterId, ulong heldEpoch = 0) =>
        Akka.Actor.Props.Create(() => new RegistryActor(settings, masterId, heldEpoch));

    private DateTimeOffset Now => Context.System.Scheduler.Now;

    /// <summary>
    /// Recovery is complete: this master's epoch is recorded before the master hears of the registry. A
    /// master that held an epoch and finds a later one was deposed by another master: it is told so and
    /// nothing is written, so that two masters never take the registry from each other in turn.
    /// </summary>
    private void TakeOver()
    {
        _log.Info("Registry recovered at sequence number {SequenceNr}: {Admitted} agents admitted, {Unreachable} unreachable, {Gone} gone, {Frameworks} frameworks",
            LastSequenceNr, _registry.Admitted.Count, _registry.Unreachable.Count, _registry.Gone.Count, _registry.Frameworks.Count);
        if (_heldEpoch != 0)
        {
            Context.Parent.Tell(_registry.Epoch == _heldEpoch && _registry.MasterId == _masterId ? new Recovered(_registry) : new Deposed(_registry), Self);
            return;
        }
        var epoch = new StartEpoch(_masterId).Decide(_registry, _settings.Rules, Now).Events;
        PersistAll(epoch, e =>
        {
            Record(e);
            Context.Parent.Tell(new Recovered(_registry), Self);
        });
    }

    private void OnApply(Apply apply)
    {
        var refusals = new List<string?>(apply.Operations.Count);
        var events = new List<RegistryEvent>();
        var next = _registry;
        foreach (var operation in apply.Operations)
        {
            var decision = operation.Decide(next, _settings.Rules, Now);
            refusals.Add(decision.Refusal);
            foreach (var e in decision.Events)
            {
                events.Add(e);
                next = next.Apply(e);
            }
        }
        if (events.Count == 0)
        {
            Sender.Tell(new Applied(_registry, refusals), Self);
            return;
        }

        _awaiting = Sender;
        var written = 0;
        PersistAll(events, e =>
        {
            Record(e);
            if (++written < events.Count) return;
            _awaiting?.Tell(new Applied(_registry, refusals), Self);
            _awaiting = null;
        });
    }

    private void Record(RegistryEvent e)
    {
        _registry = _registry.Apply(e);
        if (++_sinceSnapshot < _settings.SnapshotInterval) return;
        SaveSnapshot(_registry.ToSnapshot());
        _sinceSnapshot = 0;
    }

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        _log.Error(cause, "Registry write {SequenceNr} failed; the registry stops and is recovered again", sequenceNr);
        _awaiting?.Tell(new WriteFailed(cause.Message), Self);
        _awaiting = null;
    }

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        _log.Error(cause, "Registry write {SequenceNr} was rejected", sequenceNr);
        _awaiting?.Tell(new WriteFailed(cause.Message), Self);
        _awaiting = null;
    }

    protected override void OnRecoveryFailure(Exception reason, object? message = null) =>
        _log.Error(reason, "The registry could not be recovered from its journal: {Reason}", reason.Message);

    /// <summary>Persists what the operations decide, in one atomic write; answered <see cref="Applied"/> or <see cref="WriteFailed"/>.</summary>
    public sealed record Apply(IReadOnlyList<RegistryOperation> Operations)
    {
        public Apply(RegistryOperation operation) : this([operation])
        {
        }
    }

    /// <summary>The registry now, and for each operation in order why it was refused, or null.</summary>
    public sealed record Applied(Registry Registry, IReadOnlyList<string?> Refusals);

    /// <summary>The journal did not take the write: nothing of it applies, and the registry actor stops.</summary>
    public sealed record WriteFailed(string Reason);

    /// <summary>Told to the parent once the journal is replayed and this master's epoch recorded.</summary>
    public sealed record Recovered(Registry Registry);

    /// <summary>Told to the parent instead of <see cref="Recovered"/> when another master has recorded a later epoch.</summary>
    public sealed record Deposed(Registry Registry);
}
