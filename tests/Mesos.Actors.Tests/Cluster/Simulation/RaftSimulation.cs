using Mesos.Actors.Cluster;
using Mesos.TestKit.Linearizability;
using Mesos.TestKit.Simulation;

namespace Mesos.Actors.Tests.Cluster.Simulation;

/// <summary>
/// Raft servers driven directly as pure state machines, in simulated milliseconds, over a seeded faulty network,
/// with key-value clients. Every step is followed by the safety checks of <see cref="RaftInvariants"/>.
/// </summary>
internal sealed partial class RaftSimulation
{
    public const int TickMs = 10;
    private const int CompactEvery = 40;
    private readonly Random _random;
    private readonly Dictionary<string, SimNode> _nodes = [];
    private readonly List<SimClient> _clients = [];
    private readonly string[] _initialMembers;
    private readonly string[] _bootstrapMembers;
    private long _order;
    private long _requestIds;
    private long _values;

    /// <param name="memberCount">How many of the servers form the initial configuration; the others wait to be added.</param>
    public RaftSimulation(int seed, int nodeCount, int clientCount = 0, RaftOptions? options = null, int? memberCount = null)
    {
        Seed = seed;
        _random = new Random(seed);
        Options = options ?? new RaftOptions();
        Network = new SimulatedNetwork<RaftMessage>(_random);
        _initialMembers = Enumerable.Range(1, nodeCount).Select(i => $"n{i}").ToArray();
        _bootstrapMembers = _initialMembers[..(memberCount ?? nodeCount)];
        foreach (var id in _initialMembers)
        {
            var node = new SimNode(id, _random.Next(TickMs));
            _nodes[id] = node;
            Start(node);
        }
        for (var i = 0; i < clientCount; i++) _clients.Add(new SimClient(i));
    }

    public int Seed { get; }
    public RaftOptions Options { get; }
    public SimulatedNetwork<RaftMessage> Network { get; }
    public RaftInvariants Invariants { get; } = new();
    public List<Operation<KeyValueInput, KeyValueOutput>> History { get; } = [];
    public long Now { get; private set; }
    public IReadOnlyCollection<SimNode> Nodes => _nodes.Values;
    public IReadOnlyList<string> NodeIds => _initialMembers;

    /// <summary>Chance that a server crashes in the middle of a write, losing everything not yet synced.</summary>
    public double CrashDuringWriteRate { get; set; }

    public bool ClientsActive { get; set; } = true;

    public SimNode Node(string id) => _nodes[id];

    /// <summary>The leader with the highest term among the servers that are up, if any.</summary>
    public RaftCore? Leader => _nodes.Values.Where(n => n.IsUp && n.Core!.IsLeader).Select(n => n.Core!).MaxBy(c => c.Term);

    public void RunFor(long milliseconds) => RunUntil(() => false, milliseconds);

    /// <summary>Runs until <paramref name="condition"/> holds; false if it did not within <paramref name="milliseconds"/>.</summary>
    public bool RunUntil(Func<bool> condition, long milliseconds)
    {
        var end = Now + milliseconds;
        while (Now < end)
        {
            if (condition()) return true;
            StepOneMillisecond();
        }
        return condition();
    }

    public void Crash(string id)
    {
        var node = _nodes[id];
        if (!node.IsUp) return;
        node.Core = null;
        foreach (var client in _clients.Where(c => c.WaitingOn == id)) Abandon(client);
        node.PendingWrites.Clear();
        node.PendingReads.Clear();
        node.ConfirmedReads.Clear();
    }

    public void Restart(string id)
    {
        var node = _nodes[id];
        if (node.IsUp) return;
        node.Incarnation++;
        Start(node);
    }

    /// <summary>Proposes on the leader, if there is one; returns the appended index.</summary>
    public long? Propose(byte[] data)
    {
        var leader = Leader;
        if (leader is null) return null;
        var result = leader.Propose(data);
        Process(_nodes[leader.Id]);
        return result.Status == ProposeStatus.Appended ? result.Index : null;
    }

    /// <summary>Runs a request against one server's core, then handles what it produced.</summary>
    public T OnNode<T>(string id, Func<RaftCore, T> request)
    {
        var node = _nodes[id];
        var result = request(node.Core ?? throw new InvalidOperationException($"{id} is down."));
        Process(node);
        return result;
    }

    private void Start(SimNode node)
    {
        var state = node.Storage.Load();
        // Derived from the seed alone (string hash codes differ between processes), so a seed replays anywhere.
        var index = Array.IndexOf(_initialMembers, node.Id);
        var random = new Random(unchecked(Seed * 1_000_003 + index * 1009 + node.Incarnation));
        node.Core = new RaftCore(node.Id, Options, random, state.HardState, state.Snapshot, state.Entries,
            _bootstrapMembers.Contains(node.Id) ? _bootstrapMembers : []);
        node.Store.Restore(state.Snapshot?.Data ?? []);
        node.Applied = state.Snapshot?.LastIndex ?? 0;
        Invariants.Restarted(node.Id);
    }

    private void StepOneMillisecond()
    {
        Now++;
        while (Network.TryDeliver(Now, out var to, out var message))
        {
            var node = _nodes[to];
            if (!node.IsUp) continue;
            node.Core!.Step(message);
            Process(node);
        }
        foreach (var node in _nodes.Values)
        {
            if (!node.IsUp || (Now + node.TickOffset) % TickMs != 0) continue;
            node.Core!.Tick();
            Process(node);
        }
        if (ClientsActive) RunClients();
    }

    /// <summary>The driver loop of a server: persist, then send, then apply, as <see cref="RaftReady"/> requires.</summary>
    private void Process(SimNode node)
    {
        while (node.Core is { } core)
        {
            var ready = core.TakeReady();
            if (ready.IsEmpty) return;
            if (ready.NeedsPersistence && CrashDuringWriteRate > 0 && _random.NextDouble() < CrashDuringWriteRate)
            {
                Crash(node.Id);
                return;
            }
            if (ready.NeedsPersistence)
            {
                node.Storage.Save(new RaftWrite(ready.HardState, ready.Snapshot, ready.RestoreSnapshot, ready.Entries));
            }
            RaftInvariants.CheckDurable(node, ready);
            foreach (var message in ready.Messages) Network.Send(Now, node.Id, message.To, message);
            if (ready.RestoreSnapshot) RestoreSnapshot(node, ready.Snapshot!);
            foreach (var entry in ready.Committed) Apply(node, entry);
            foreach (var read in ready.ReadStates) ConfirmRead(node, read);
            ServeReads(node);
            if (ready.Leadership is { IsLeader: false }) FailUnconfirmedReads(node);
            if (ready.Leadership is { IsLeader: true }) Invariants.CheckLeaderCompleteness(core);
            CheckInvariants(node);
            if (node.Applied - core.Log.SnapshotIndex >= CompactEvery) core.Compact(node.Applied, node.Store.Save());
        }
    }

    private void CheckInvariants(SimNode node)
    {
        var core = node.Core!;
        Invariants.CheckLeader(core);
        Invariants.CheckCommitted(core);
        foreach (var other in _nodes.Values)
        {
            if (other != node && other.IsUp) RaftInvariants.CheckLogMatching(core, other.Core!);
        }
    }

    private void RestoreSnapshot(SimNode node, RaftSnapshot snapshot)
    {
        node.Store.Restore(snapshot.Data);
        node.Applied = snapshot.LastIndex;
        foreach (var (index, write) in node.PendingWrites.Where(p => p.Key <= snapshot.LastIndex).ToList())
        {
            node.PendingWrites.Remove(index);
            if (write.Client.WaitingOn == node.Id && write.Client.RequestId == write.RequestId) Abandon(write.Client);
        }
    }

    private void Apply(SimNode node, LogEntry entry)
    {
        Invariants.CheckApplied(node.Id, entry);
        if (entry.Index != node.Applied + 1) throw new RaftSafetyException($"{node.Id} applies {entry.Index} after {node.Applied}.");
        if (entry.Type == EntryType.Command) node.Store.Apply(entry.Data);
        if (entry.Type == EntryType.Command && KeyValueStore.IsProbe(entry.Data)) ProbesApplied++;
        node.Applied = entry.Index;
        if (!node.PendingWrites.Remove(entry.Index, out var write)) return;
        var client = write.Client;
        if (client.WaitingOn != node.Id || client.RequestId != write.RequestId) return;
        if (write.Term == entry.Term) Complete(client, null);
        else Abandon(client);
    }

    /// <summary>Probe commands applied anywhere; a test proposes them to see progress.</summary>
    public long ProbesApplied { get; private set; }
}
