using Mesos.Actors.Runtime;

namespace Mesos.Actors.Cluster;

/// <summary>The requests of the master: proposals, reads, membership, transfer, state; and their answers.</summary>
public sealed partial class RaftNode
{
    private readonly Dictionary<long, (long Term, IActorRef ReplyTo, object Request)> _pendingEntries = [];
    private readonly Dictionary<long, IActorRef> _pendingReads = [];
    private readonly List<(long Index, IActorRef ReplyTo)> _confirmedReads = [];
    private long _nextReadId;

    private void ReceiveRequests()
    {
        Receive<Propose>(propose => Track(_core.Propose(propose.Data), propose, "a leadership transfer is under way"));
        Receive<AddMember>(add => Track(_core.ProposeMembershipChange(add.Member, add: true), add,
            "another membership change is pending, the member is already present, or the leader has not committed in its term yet"));
        Receive<RemoveMember>(remove => Track(_core.ProposeMembershipChange(remove.Member, add: false), remove,
            "another membership change is pending, the member is absent or the last one, or the leader has not committed in its term yet"));
        Receive<ReadIndex>(_ =>
        {
            var id = ++_nextReadId;
            if (!_core.ReadIndex(id))
            {
                Sender.Tell(new NotLeader(_core.Leader));
                return;
            }
            _pendingReads[id] = Sender;
            ScheduleFlush();
        });
        Receive<TransferLeadership>(transfer =>
        {
            var target = transfer.Target ?? _core.MostUpToDateFollower;
            var result = target is null ? new ProposeResult(ProposeStatus.Busy, 0, _core.Term, _core.Leader) : _core.TransferLeadership(target);
            Sender.Tell(result.Status switch
            {
                ProposeStatus.Appended => new TransferStarted(target!),
                ProposeStatus.NotLeader => new NotLeader(result.LeaderHint),
                _ => new ProposalFailed("no such follower, or a transfer is already under way", result.LeaderHint),
            });
            ScheduleFlush();
        });
        Receive<GetClusterState>(_ => Sender.Tell(new ClusterState(
            _settings.Self, _core.Leader, _core.Term, _core.Role, _core.Members.ToArray(), _core.Commit, _applied)));
    }

    private void Track(ProposeResult result, object request, string busyReason)
    {
        switch (result.Status)
        {
            case ProposeStatus.Appended:
                _pendingEntries[result.Index] = (result.Term, Sender, request);
                ScheduleFlush();
                break;
            case ProposeStatus.NotLeader:
                Sender.Tell(new NotLeader(result.LeaderHint));
                break;
            default:
                Sender.Tell(new ProposalFailed(busyReason, result.LeaderHint));
                break;
        }
    }

    private void CompletePending(LogEntry entry)
    {
        if (!_pendingEntries.Remove(entry.Index, out var pending)) return;
        if (pending.Term != entry.Term)
        {
            pending.ReplyTo.Tell(new ProposalFailed("another leader's entry took its place", _core.Leader));
            return;
        }
        pending.ReplyTo.Tell(pending.Request is Propose
            ? new ProposalCommitted(entry.Index, entry.Term)
            : new MembershipChanged(entry.Index, Membership.Decode(entry.Data)));
    }

    private void ConfirmReads(IReadOnlyList<ReadState> states)
    {
        foreach (var state in states)
        {
            if (_pendingReads.Remove(state.RequestId, out var replyTo)) _confirmedReads.Add((state.Index, replyTo));
        }
        ServeReads();
    }

    private void ServeReads()
    {
        if (_confirmedReads.Count == 0) return;
        foreach (var (index, replyTo) in _confirmedReads.Where(r => r.Index <= _applied)) replyTo.Tell(new ReadIndexReady(index));
        _confirmedReads.RemoveAll(r => r.Index <= _applied);
    }

    private void FailPendingUpTo(long index)
    {
        foreach (var (entryIndex, pending) in _pendingEntries.Where(p => p.Key <= index).ToList())
        {
            _pendingEntries.Remove(entryIndex);
            pending.ReplyTo.Tell(new ProposalFailed("a snapshot replaced the entry; its outcome is unknown", _core.Leader));
        }
    }

    private void FailAllPending(string reason)
    {
        foreach (var pending in _pendingEntries.Values) pending.ReplyTo.Tell(new ProposalFailed(reason, _core.Leader));
        _pendingEntries.Clear();
        foreach (var replyTo in _pendingReads.Values) replyTo.Tell(new NotLeader(_core.Leader));
        _pendingReads.Clear();
    }
}
