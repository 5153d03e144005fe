using Google.Protobuf;
using Mesos.Actors.Cluster.Wire;

namespace Mesos.Actors.Cluster;

/// <summary>Raft messages to and from the protobuf bodies of <c>POST /raft/messages</c>.</summary>
public static class RaftWireCodec
{
    public const string ContentType = "application/x-protobuf";

    public static byte[] Encode(IReadOnlyList<RaftMessage> messages)
    {
        var batch = new Batch();
        foreach (var message in messages) batch.Messages.Add(ToWire(message));
        return batch.ToByteArray();
    }

    /// <summary>Decodes a batch; throws <see cref="FormatException"/> when the body is not one.</summary>
    public static IReadOnlyList<RaftMessage> Decode(ReadOnlySpan<byte> body)
    {
        Batch batch;
        try
        {
            batch = Batch.Parser.ParseFrom(body);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new FormatException($"Not a Raft message batch: {e.Message}", e);
        }
        return batch.Messages.Select(FromWire).ToArray();
    }

    private static Envelope ToWire(RaftMessage message)
    {
        var envelope = new Envelope { From = message.From, To = message.To, Term = message.Term };
        switch (message)
        {
            case Cluster.RequestVote m:
                envelope.RequestVote = new Wire.RequestVote { LastLogIndex = m.LastLogIndex, LastLogTerm = m.LastLogTerm, PreVote = m.PreVote, Transfer = m.Transfer };
                break;
            case Cluster.RequestVoteResponse m:
                envelope.RequestVoteResponse = new Wire.RequestVoteResponse { Granted = m.Granted, PreVote = m.PreVote };
                break;
            case Cluster.AppendEntries m:
                var append = new Wire.AppendEntries { PrevLogIndex = m.PrevLogIndex, PrevLogTerm = m.PrevLogTerm, LeaderCommit = m.LeaderCommit };
                foreach (var entry in m.Entries) append.Entries.Add(new Entry { Term = entry.Term, Index = entry.Index, Type = (int)entry.Type, Data = ByteString.CopyFrom(entry.Data) });
                envelope.AppendEntries = append;
                break;
            case Cluster.AppendEntriesResponse m:
                envelope.AppendEntriesResponse = new Wire.AppendEntriesResponse
                {
                    Success = m.Success, MatchIndex = m.MatchIndex, RejectedIndex = m.RejectedIndex, ConflictIndex = m.ConflictIndex, ConflictTerm = m.ConflictTerm,
                };
                break;
            case Cluster.Heartbeat m:
                envelope.Heartbeat = new Wire.Heartbeat { Commit = m.Commit, ReadContext = m.ReadContext };
                break;
            case Cluster.HeartbeatResponse m:
                envelope.HeartbeatResponse = new Wire.HeartbeatResponse { ReadContext = m.ReadContext };
                break;
            case Cluster.InstallSnapshot m:
                var snapshot = new Wire.Snapshot { LastIndex = m.Snapshot.LastIndex, LastTerm = m.Snapshot.LastTerm, Data = ByteString.CopyFrom(m.Snapshot.Data) };
                snapshot.Members.Add(m.Snapshot.Members);
                envelope.InstallSnapshot = new Wire.InstallSnapshot { Snapshot = snapshot };
                break;
            case Cluster.TimeoutNow:
                envelope.TimeoutNow = new Wire.TimeoutNow();
                break;
            default:
                throw new ArgumentException($"Unknown Raft message {message.GetType().Name}.", nameof(message));
        }
        return envelope;
    }

    private static RaftMessage FromWire(Envelope e) => e.BodyCase switch
    {
        Envelope.BodyOneofCase.RequestVote => new Cluster.RequestVote(e.From, e.To, e.Term,
            e.RequestVote.LastLogIndex, e.RequestVote.LastLogTerm, e.RequestVote.PreVote, e.RequestVote.Transfer),
        Envelope.BodyOneofCase.RequestVoteResponse => new Cluster.RequestVoteResponse(e.From, e.To, e.Term,
            e.RequestVoteResponse.Granted, e.RequestVoteResponse.PreVote),
        Envelope.BodyOneofCase.AppendEntries => new Cluster.AppendEntries(e.From, e.To, e.Term,
            e.AppendEntries.PrevLogIndex, e.AppendEntries.PrevLogTerm,
            e.AppendEntries.Entries.Select(x => new LogEntry(x.Term, x.Index, ToEntryType(x.Type), x.Data.ToByteArray())).ToArray(),
            e.AppendEntries.LeaderCommit),
        Envelope.BodyOneofCase.AppendEntriesResponse => new Cluster.AppendEntriesResponse(e.From, e.To, e.Term,
            e.AppendEntriesResponse.Success, e.AppendEntriesResponse.MatchIndex, e.AppendEntriesResponse.RejectedIndex,
            e.AppendEntriesResponse.ConflictIndex, e.AppendEntriesResponse.ConflictTerm),
        Envelope.BodyOneofCase.Heartbeat => new Cluster.Heartbeat(e.From, e.To, e.Term, e.Heartbeat.Commit, e.Heartbeat.ReadContext),
        Envelope.BodyOneofCase.HeartbeatResponse => new Cluster.HeartbeatResponse(e.From, e.To, e.Term, e.HeartbeatResponse.ReadContext),
        Envelope.BodyOneofCase.InstallSnapshot when e.InstallSnapshot.Snapshot is { } s => new Cluster.InstallSnapshot(e.From, e.To, e.Term,
            new RaftSnapshot(s.LastIndex, s.LastTerm, s.Members.ToArray(), s.Data.ToByteArray())),
        Envelope.BodyOneofCase.TimeoutNow => new Cluster.TimeoutNow(e.From, e.To, e.Term),
        _ => throw new FormatException("A Raft message without a body."),
    };

    private static EntryType ToEntryType(int type) =>
        Enum.IsDefined((EntryType)type) ? (EntryType)type : throw new FormatException($"Unknown entry type {type}.");
}
