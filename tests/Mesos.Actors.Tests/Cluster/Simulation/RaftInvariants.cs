using Mesos.Actors.Cluster;

namespace Mesos.Actors.Tests.Cluster.Simulation;

/// <summary>The safety properties of Raft (Figure 3), checked after every step of the simulation.</summary>
internal sealed class RaftInvariants
{
    private readonly Dictionary<long, string> _leaders = [];
    private readonly Dictionary<long, LogEntry> _committed = [];
    private readonly Dictionary<string, long> _checkedCommit = [];

    public IReadOnlyDictionary<long, LogEntry> Committed => _committed;

    public long HighestCommitted { get; private set; }

    /// <summary>Election safety: at most one leader per term.</summary>
    public void CheckLeader(RaftCore core)
    {
        if (!core.IsLeader) return;
        if (_leaders.TryGetValue(core.Term, out var leader) && leader != core.Id)
        {
            throw new RaftSafetyException($"Two leaders in term {core.Term}: {leader} and {core.Id}.");
        }
        _leaders[core.Term] = core.Id;
    }

    /// <summary>A committed entry is never changed or lost: every server that commits an index commits the same entry.</summary>
    public void CheckCommitted(RaftCore core)
    {
        var from = Math.Max(_checkedCommit.GetValueOrDefault(core.Id), core.Log.SnapshotIndex) + 1;
        for (var index = from; index <= core.Commit; index++) Record(core.Id, core.Log.At(index));
        _checkedCommit[core.Id] = Math.Max(core.Commit, _checkedCommit.GetValueOrDefault(core.Id));
    }

    public void Restarted(string id) => _checkedCommit.Remove(id);

    /// <summary>State machine safety: no two servers apply different entries at one index.</summary>
    public void CheckApplied(string node, LogEntry entry) => Record(node, entry);

    /// <summary>Leader completeness: a new leader holds every committed entry (Raft §5.4).</summary>
    public void CheckLeaderCompleteness(RaftCore core)
    {
        var log = core.Log;
        if (log.SnapshotIndex > 0 && _committed.TryGetValue(log.SnapshotIndex, out var atSnapshot) && atSnapshot.Term != log.SnapshotTerm)
        {
            throw new RaftSafetyException($"Leader {core.Id} (term {core.Term}) has a snapshot at {log.SnapshotIndex} of term {log.SnapshotTerm}, committed term {atSnapshot.Term}.");
        }
        for (var index = log.FirstIndex; index <= HighestCommitted; index++)
        {
            if (!_committed.TryGetValue(index, out var committed)) continue;
            if (index > log.LastIndex || !Same(log.At(index), committed))
            {
                throw new RaftSafetyException($"Leader {core.Id} (term {core.Term}) lacks committed entry {index} (term {committed.Term}).");
            }
        }
    }

    /// <summary>Log matching: two logs with an entry of the same index and term are identical up to it.</summary>
    public static void CheckLogMatching(RaftCore a, RaftCore b)
    {
        var low = Math.Max(a.Log.SnapshotIndex, b.Log.SnapshotIndex) + 1;
        var index = Math.Min(a.Log.LastIndex, b.Log.LastIndex);
        while (index >= low && a.Log.TermAt(index) != b.Log.TermAt(index)) index--;
        for (; index >= low; index--)
        {
            if (!Same(a.Log.At(index), b.Log.At(index)))
            {
                throw new RaftSafetyException($"Logs of {a.Id} and {b.Id} agree on a later entry but differ at {index}.");
            }
        }
    }

    /// <summary>Nothing is acknowledged or applied before it is on the server's disk.</summary>
    public static void CheckDurable(SimNode node, RaftReady ready)
    {
        var needsCheck = ready.Committed.Count > 0
            || ready.Messages.Any(m => m is RequestVoteResponse { Granted: true, PreVote: false } or AppendEntriesResponse { Success: true });
        if (!needsCheck) return;
        var stored = node.Storage.Load();
        long? StoredTerm(long index) =>
            stored.Snapshot is { } s && index <= s.LastIndex ? (index == s.LastIndex ? s.LastTerm : -1)
            : stored.Entries.FirstOrDefault(e => e.Index == index)?.Term;
        foreach (var entry in ready.Committed)
        {
            if (StoredTerm(entry.Index) is not { } term || (term != -1 && term != entry.Term))
            {
                throw new RaftSafetyException($"{node.Id} applies index {entry.Index} before it is durable.");
            }
        }
        foreach (var message in ready.Messages)
        {
            switch (message)
            {
                case RequestVoteResponse { Granted: true, PreVote: false } vote
                    when stored.HardState.Term != vote.Term || stored.HardState.VotedFor != vote.To:
                    throw new RaftSafetyException($"{node.Id} grants its vote in term {vote.Term} before recording it.");
                case AppendEntriesResponse { Success: true, MatchIndex: > 0 } ack when StoredTerm(ack.MatchIndex) is null:
                    throw new RaftSafetyException($"{node.Id} acknowledges index {ack.MatchIndex} before it is durable.");
            }
        }
    }

    private void Record(string node, LogEntry entry)
    {
        if (_committed.TryGetValue(entry.Index, out var known))
        {
            if (!Same(known, entry))
            {
                throw new RaftSafetyException($"{node} has entry {entry.Index} of term {entry.Term} committed, but term {known.Term} was committed there before.");
            }
            return;
        }
        _committed[entry.Index] = entry;
        HighestCommitted = Math.Max(HighestCommitted, entry.Index);
    }

    private static bool Same(LogEntry a, LogEntry b) =>
        a.Index == b.Index && a.Term == b.Term && a.Type == b.Type && a.Data.AsSpan().SequenceEqual(b.Data);
}

internal sealed class RaftSafetyException(string message) : Exception(message);
