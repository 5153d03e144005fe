using Akka.Actor;
using Akka.Persistence;
using Mesos.Internal.Registry;

namespace Mesos.Actors.Master.Registrar;

/// <summary>
/// Gets a master that follows ready to take over quickly: it replays the registry's journal without ever
/// writing to it; then a child writes one event under a persistence id of this master's own and deletes
/// it again, and both stop. The journal and snapshot plugins are then started, connected and compiled for
/// reads and writes alike, and a new leader's recovery costs the replay and its epoch's write alone.
/// </summary>
public sealed class RegistryWarmUp : ReceivePersistentActor
{
    private readonly string _persistenceId;

    public RegistryWarmUp(RegistrySettings settings, string masterId, bool write)
    {
        _persistenceId = write ? $"{RegistrySettings.PersistenceId}-warm-up-{masterId}" : RegistrySettings.PersistenceId;
        JournalPluginId = settings.JournalPluginId;
        SnapshotPluginId = settings.SnapshotPluginId;
        var registry = Registry.Empty;
        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is RegistrySnapshot snapshot) registry = Registry.FromSnapshot(snapshot);
        });
        Recover<RegistryEvent>(e => registry = registry.Apply(e));
        Recover<RecoveryCompleted>(_ =>
        {
            if (!write) Context.Watch(Context.ActorOf(Akka.Actor.Props.Create(() => new RegistryWarmUp(settings, masterId, true)), "write"));
            else Persist(new RegistryEvent { EpochStarted = new EpochStarted { Epoch = registry.Epoch, MasterId = masterId } }, _ => DeleteMessages(LastSequenceNr));
        });
        Command<Terminated>(_ => Context.Stop(Self));
        Command<DeleteMessagesSuccess>(_ => Context.Stop(Self));
        Command<DeleteMessagesFailure>(_ => Context.Stop(Self));
    }

    public override string PersistenceId => _persistenceId;

    /// <param name="masterId">This master's id, which names the persistence id it writes under.</param>
    public static Props Props(RegistrySettings settings, string masterId) =>
        Akka.Actor.Props.Create(() => new RegistryWarmUp(settings, masterId, false));
}
