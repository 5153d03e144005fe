namespace Mesos.Actors.Cluster;

/// <summary>Leader election (Raft §5.2) with PreVote (thesis §9.6).</summary>
internal sealed partial class RaftCore
{
    private readonly Dictionary<string, bool> _votes = [];

    private void Campaign(bool preVote, bool transfer)
    {
        ResetTimers();
        Leader = null;
        _votes.Clear();
        long requestTerm;
        if (preVote)
        {
            // A pre-candidate asks whether it could win before raising its term, so a server that cannot win
            // (partitioned, or with a stale log) never disrupts the cluster by bumping terms.
            Role = RaftRole.PreCandidate;
            requestTerm = Term + 1;
        }
        else
        {
            Role = RaftRole.Candidate;
            Term++;
            VotedFor = Id;
            requestTerm = Term;
        }
        _votes[Id] = true;
        if (TallyVotes()) return;
        foreach (var peer in Members)
        {
            if (peer == Id) continue;
            Send(new RequestVote(Id, peer, requestTerm, Log.LastIndex, Log.LastTerm, preVote, transfer));
        }
    }

    private void HandleRequestVote(RequestVote request)
    {
        var canVote = VotedFor == request.From
            || (VotedFor is null && Leader is null)
            || (request.PreVote && request.Term > Term);
        if (canVote && Log.IsUpToDate(request.LastLogIndex, request.LastLogTerm))
        {
            // A granted pre-vote answers in the term asked about, so the pre-candidate counts it.
            Send(new RequestVoteResponse(Id, request.From, request.PreVote ? request.Term : Term, true, request.PreVote));
            if (!request.PreVote)
            {
                VotedFor = request.From;
                _electionElapsed = 0;
            }
        }
        else
        {
            Send(new RequestVoteResponse(Id, request.From, Term, false, request.PreVote));
        }
    }

    private void HandleVoteResponse(RequestVoteResponse response)
    {
        var expected = Role switch
        {
            RaftRole.PreCandidate => response.PreVote,
            RaftRole.Candidate => !response.PreVote,
            _ => false,
        };
        if (!expected || !Members.Contains(response.From)) return;
        _votes.TryAdd(response.From, response.Granted);
        TallyVotes();
    }

    /// <summary>Moves on once the votes decide: true when the election ended either way.</summary>
    private bool TallyVotes()
    {
        var members = Members;
        var granted = members.Count(m => _votes.TryGetValue(m, out var g) && g);
        var rejected = members.Count(m => _votes.TryGetValue(m, out var g) && !g);
        if (granted >= Quorum)
        {
            if (Role == RaftRole.PreCandidate) Campaign(preVote: false, transfer: false);
            else BecomeLeader();
            return true;
        }
        if (rejected > members.Count - Quorum)
        {
            BecomeFollower(Term, null);
            return true;
        }
        return false;
    }
}
