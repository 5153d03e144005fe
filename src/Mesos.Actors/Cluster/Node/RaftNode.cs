using Mesos.Actors.Runtime;

namespace Mesos.Actors.Cluster;

/// <summary>
/// One Raft server as an actor: it feeds the pure <see cref="RaftCore"/> with messages, ticks and requests, and does
/// the I/O the core asks for. Work done while handling a burst of messages is flushed once, after the burst: one synced
/// write, then the messages, so a busy leader batches many proposals into one write and one AppendEntries per follower.
/// </summary>
public sealed partial class RaftNode : ReceiveActor, IWithTimers
{
    private readonly RaftNodeSettings _settings;
    private readonly IRaftStorage _storage;
    private readonly IRaftTransport _transport;
    private readonly IRaftStateMachine _stateMachine;
    private readonly RaftCore _core;
    private long _applied;
    private bool _flushScheduled;
    private long? _leaderTerm;

    public RaftNode(RaftNodeSettings settings, IRaftStorage storage, IRaftTransport transport, IRaftStateMachine stateMachine)
    {
        _settings = settings;
        _storage = storage;
        _transport = transport;
        _stateMachine = stateMachine;
        var state = storage.Load();
        var random = settings.Seed is { } seed ? new Random(seed) : new Random();
        _core = new RaftCore(settings.Self, settings.Raft, random, state.HardState, state.Snapshot, state.Entries, settings.InitialMembers);
        // Always restored, also with nothing to restore: after an actor restart the state machine must not keep
        // entries that the core is about to apply again.
        var snapshot = state.Snapshot ?? new RaftSnapshot(0, 0, settings.InitialMembers, []);
        stateMachine.Restore(snapshot);
        _applied = snapshot.LastIndex;

        Receive<RaftMessage>(message =>
        {
            _core.Step(message);
            ScheduleFlush();
        });
        Receive<Tick>(_ =>
        {
            _core.Tick();
            ScheduleFlush();
        });
        Receive<FlushRequested>(_ => Flush());
        ReceiveRequests();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>The props of a server, on the dispatcher its settings name.</summary>
    public static Props CreateProps(RaftNodeSettings settings, IRaftStorage storage, IRaftTransport transport, IRaftStateMachine stateMachine) =>
        Props.Create(() => new RaftNode(settings, storage, transport, stateMachine)).WithDispatcher(settings.Dispatcher);

    protected override void PreStart() =>
        Timers.StartPeriodicTimer("tick", Tick.Instance, _settings.Raft.TickInterval);

    protected override void PostStop()
    {
        FailAllPending("the Raft server stopped");
        if (_leaderTerm is { } term) Context.System.EventStream.Publish(new LostLeadership(_settings.Self, term));
    }

    private void ScheduleFlush()
    {
        if (_flushScheduled) return;
        _flushScheduled = true;
        Self.Tell(FlushRequested.Instance);
    }

    /// <summary>Persists, then sends, then applies: nothing leaves this server before the state it depends on is synced.</summary>
    private void Flush()
    {
        _flushScheduled = false;
        while (true)
        {
            var ready = _core.TakeReady();
            if (ready.IsEmpty) return;
            if (ready.NeedsPersistence)
            {
                _storage.Save(new RaftWrite(ready.HardState, ready.Snapshot, ready.RestoreSnapshot, ready.Entries));
            }
            foreach (var message in ready.Messages) _transport.Send(message);
            if (ready.RestoreSnapshot) RestoreSnapshot(ready.Snapshot!);
            foreach (var entry in ready.Committed) Apply(entry);
            ConfirmReads(ready.ReadStates);
            if (ready.Leadership is { } change) OnLeadershipChange(change);
            if (_applied - _core.Log.SnapshotIndex >= _settings.SnapshotEvery)
            {
                _core.Compact(_applied, _stateMachine.TakeSnapshot());
            }
        }
    }

    private void RestoreSnapshot(RaftSnapshot snapshot)
    {
        _stateMachine.Restore(snapshot);
        _applied = snapshot.LastIndex;
        FailPendingUpTo(snapshot.LastIndex);
    }

    private void Apply(LogEntry entry)
    {
        _stateMachine.Apply(entry);
        _applied = entry.Index;
        CompletePending(entry);
        ServeReads();
    }

    private void OnLeadershipChange(LeadershipChange change)
    {
        var events = Context.System.EventStream;
        if (change.IsLeader)
        {
            if (_leaderTerm is { } previous && previous != change.Term) events.Publish(new LostLeadership(_settings.Self, previous));
            _leaderTerm = change.Term;
            events.Publish(new BecameLeader(_settings.Self, change.Term));
            return;
        }
        FailAllPending("leadership was lost; the entry may still commit under the next leader");
        if (_leaderTerm is { } term) events.Publish(new LostLeadership(_settings.Self, term));
        _leaderTerm = null;
    }

    private sealed record Tick
    {
        public static readonly Tick Instance = new();
    }

    private sealed record FlushRequested
    {
        public static readonly FlushRequested Instance = new();
    }
}
