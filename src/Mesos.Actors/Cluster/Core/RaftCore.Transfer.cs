namespace Mesos.Actors.Cluster;

/// <summary>Leadership transfer (Raft thesis §3.10), used to hand over before a leader shuts down.</summary>
internal sealed partial class RaftCore
{
    private string? _transferee;

    /// <summary>The follower with the longest matching log: the best target for a transfer.</summary>
    public string? MostUpToDateFollower => _progress.Count == 0 ? null : _progress.MaxBy(p => p.Value.Match).Key;

    /// <summary>Starts handing leadership to <paramref name="target"/>; aborted if it does not happen within an election timeout.</summary>
    public ProposeResult TransferLeadership(string target)
    {
        if (!IsLeader) return new ProposeResult(ProposeStatus.NotLeader, 0, Term, Leader);
        if (_transferee is not null || target == Id || !_progress.ContainsKey(target))
        {
            return new ProposeResult(ProposeStatus.Busy, 0, Term, Id);
        }
        _transferee = target;
        _electionElapsed = 0;
        if (_progress[target].Match == Log.LastIndex) SendTimeoutNow();
        else SendAppends(target, allowEmpty: false);
        return new ProposeResult(ProposeStatus.Appended, Log.LastIndex, Term, Id);
    }

    private void SendTimeoutNow()
    {
        if (_transferee is { } target) Send(new TimeoutNow(Id, target, Term));
    }

    private void AbortTransfer() => _transferee = null;
}
