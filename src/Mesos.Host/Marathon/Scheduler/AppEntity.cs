using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;
using Mesos.Host.Marathon.State;

namespace Mesos.Host.Marathon.Scheduler;

/// <summary>
/// One app, as an entity of Akka.Cluster.Sharding (<see cref="TypeName"/>, one per app id) on Marathon's store: its
/// definition, its versions and its instances with their tasks' last states, event-sourced under
/// <c>marathon-app-&lt;id&gt;</c>. Among several masters the apps spread over them, and a lost master's start again on
/// another from the store. The scheduler decides; the entity records what it is sent (<see cref="Record"/>, answered once
/// written) and tells all it holds (<see cref="GetRecord"/>), which is what a scheduler that starts again rebuilds its
/// view from.
/// </summary>
public sealed class AppEntity : ReceivePersistentActor
{
    /// <summary>The type name of the apps' shard region.</summary>
    public const string TypeName = "marathon-app";

    /// <summary>What the scheduler and the entities say to each other, between masters as JSON (<see cref="MarathonSerializer"/>).</summary>
    public interface IMessage;

    /// <summary>Records the app's own events, in order (<see cref="MarathonEvent.IsAppEvent"/>); answered with <see cref="Recorded"/> once written.</summary>
    public sealed record Record(IReadOnlyList<MarathonEvent> Events) : IMessage;

    public sealed record Recorded(string AppId) : IMessage;

    /// <summary>
    /// The app has neither definition nor instances any more: the entity stops and is no longer remembered, so that
    /// apps long gone do not start again with every master. Its journal stays (and says the app was removed).
    /// </summary>
    public sealed record Forget : IMessage
    {
        public static Forget Instance { get; } = new();
    }

    /// <summary>Answered with the <see cref="AppRecord"/> of all the entity holds.</summary>
    public sealed record GetRecord : IMessage
    {
        public static GetRecord Instance { get; } = new();
    }

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly string _appId;
    private MarathonState _state = MarathonState.Empty;

    /// <param name="journal">The journal and snapshot store plugins of Marathon's store; null for the system's defaults.</param>
    public AppEntity(string appId, (string Journal, string Snapshots)? journal)
    {
        _appId = appId;
        PersistenceId = "marathon-app-" + appId;
        if (journal is { } plugins) (JournalPluginId, SnapshotPluginId) = plugins;

        Recover<MarathonEvent>(e => _state = _state.Apply(e));
        Recover<RecoveryCompleted>(_ => _log.Info("Marathon app {AppId} is kept here, on {Address}: {Versions} version(s), {Instances} instance(s)",
            _appId, ((ExtendedActorSystem)Context.System).Provider.DefaultAddress, _state.Versions.GetValueOrDefault(_appId)?.Count ?? 0, _state.Instances.Count));
        Command<Record>(OnRecord);
        Command<GetRecord>(_ => Sender.Tell(_state.RecordOf(_appId)));
        // Asked of the shard, which stops it once the messages that came before are handled and forgets it.
        Command<Forget>(_ => Context.Parent.Tell(new Passivate(PoisonPill.Instance)));
    }

    public override string PersistenceId { get; }

    public static Props Props(string appId, (string Journal, string Snapshots)? journal) => Akka.Actor.Props.Create(() => new AppEntity(appId, journal));

    private void OnRecord(Record record)
    {
        if (record.Events.FirstOrDefault(e => !Concerns(e)) is { } stray)
        {
            // Written, it would be replayed into this app's state at every start: refused whole, nothing is written.
            Sender.Tell(new Status.Failure(new ArgumentException($"{stray.GetType().Name} is no event of app {_appId}")));
            return;
        }
        var sender = Sender;
        if (record.Events.Count == 0)
        {
            sender.Tell(new Recorded(_appId));
            return;
        }
        var last = record.Events[^1];
        PersistAll(record.Events, e =>
        {
            _state = _state.Apply(e);
            if (ReferenceEquals(e, last)) sender.Tell(new Recorded(_appId));
        });
    }

    // A change of an instance launched earlier in the same batch is this app's too.
    private bool Concerns(MarathonEvent e) => e switch
    {
        InstanceChanged => true,
        _ => e.IsAppEvent && _state.AppOf(e) == _appId,
    };
}
