namespace Mesos.Actors.Cluster;

/// <summary>
/// Single-server membership changes (Raft thesis §4.1): each configuration entry adds or removes one server, takes
/// effect when appended, and the next waits until it commits.
/// </summary>
internal sealed partial class RaftCore
{
    // Configurations in force from each index on; the first is the snapshot's (or the bootstrap list at index 0).
    private readonly List<(long Index, string[] Members)> _configurations = [];

    public IReadOnlyList<string> Members => _configurations[^1].Members;

    private int Quorum => Members.Count / 2 + 1;

    /// <summary>Only members vote and campaign; a server removed, or not yet added, stays quiet.</summary>
    private bool IsVoter => Members.Contains(Id);

    private long CurrentConfigurationIndex => _configurations[^1].Index;

    /// <summary>Appends a configuration entry that adds or removes <paramref name="member"/>.</summary>
    public ProposeResult ProposeMembershipChange(string member, bool add)
    {
        if (!IsLeader) return new ProposeResult(ProposeStatus.NotLeader, 0, Term, Leader);
        // One change at a time, and only after this leader committed an entry of its term: without the latter a
        // change could be decided against a configuration that a new leader does not know (Ongaro, raft-dev, 2015).
        if (_transferee is not null || CurrentConfigurationIndex > Commit || Log.TermAt(Commit) != Term)
        {
            return new ProposeResult(ProposeStatus.Busy, 0, Term, Id);
        }
        var members = Members.ToList();
        if (add == members.Contains(member) || (!add && members.Count == 1))
        {
            return new ProposeResult(ProposeStatus.Busy, 0, Term, Id);
        }
        if (add) members.Add(member);
        else members.Remove(member);
        var entry = AppendAsLeader(EntryType.Configuration, Membership.Encode(members));
        return new ProposeResult(ProposeStatus.Appended, entry.Index, entry.Term, Id);
    }

    private void InitConfigurations(RaftSnapshot? snapshot, IReadOnlyList<string> initialMembers)
    {
        _configurations.Add(snapshot is null ? (0, initialMembers.ToArray()) : (snapshot.LastIndex, snapshot.Members.ToArray()));
        for (var index = Log.FirstIndex; index <= Log.LastIndex; index++)
        {
            var entry = Log.At(index);
            if (entry.Type == EntryType.Configuration) _configurations.Add((index, Membership.Decode(entry.Data)));
        }
    }

    private void AddConfiguration(long index, string[] members)
    {
        _configurations.Add((index, members));
        if (!IsLeader) return;
        foreach (var member in members) AddProgress(member);
        foreach (var peer in _progress.Keys.Where(p => !members.Contains(p)).ToList()) _progress.Remove(peer);
        if (_transferee is not null && !members.Contains(_transferee)) _transferee = null;
    }

    /// <summary>A truncated configuration entry no longer applies: the previous one is in force again.</summary>
    private void DropConfigurationsFrom(long index) =>
        _configurations.RemoveAll(c => c.Index >= index && c != _configurations[0]);

    private void ResetConfigurations(long index, IReadOnlyList<string> members)
    {
        _configurations.Clear();
        _configurations.Add((index, members.ToArray()));
    }

    private string[] ConfigurationAt(long index) => _configurations.Last(c => c.Index <= index).Members;

    private void PruneConfigurationsBefore(long index)
    {
        var baseIndex = _configurations.FindLastIndex(c => c.Index <= index);
        _configurations.RemoveRange(0, baseIndex);
    }

    /// <summary>A leader that removed itself leads until the change commits, then steps down (thesis §4.2.2).</summary>
    private void StepDownIfRemoved()
    {
        if (!IsLeader || IsVoter || Commit < CurrentConfigurationIndex) return;
        BroadcastAppend(allowEmpty: true);
        BecomeFollower(Term, null);
    }
}
