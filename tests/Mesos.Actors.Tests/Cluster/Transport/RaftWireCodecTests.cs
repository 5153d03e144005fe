using FsCheck;
using FsCheck.Fluent;
using Mesos.Actors.Cluster;

namespace Mesos.Actors.Tests.Cluster.Transport;

public sealed class RaftWireCodecTests
{
    private static readonly Gen<string> Ids = Gen.Elements("127.0.0.1:5050", "10.0.0.2:5050", "master-3:5050");
    private static readonly Gen<long> Numbers = Gen.Choose(0, int.MaxValue).Select(i => (long)i * 3);

    private static readonly Gen<LogEntry> Entries =
        from term in Numbers
        from index in Numbers
        from type in Gen.Elements(EntryType.Command, EntryType.Noop, EntryType.Configuration)
        from data in Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b))
        select new LogEntry(term, index, type, data);

    private static readonly Gen<RaftMessage> Messages = Gen.OneOf(
        from sender in Ids from receiver in Ids from term in Numbers from a in Numbers from b in Numbers
        from pre in Gen.Elements(true, false) from transfer in Gen.Elements(true, false)
        select (RaftMessage)new RequestVote(sender, receiver, term, a, b, pre, transfer),
        from sender in Ids from receiver in Ids from term in Numbers from granted in Gen.Elements(true, false) from pre in Gen.Elements(true, false)
        select (RaftMessage)new RequestVoteResponse(sender, receiver, term, granted, pre),
        from sender in Ids from receiver in Ids from term in Numbers from a in Numbers from b in Numbers from entries in Gen.ListOf(Entries) from c in Numbers
        select (RaftMessage)new AppendEntries(sender, receiver, term, a, b, entries.ToArray(), c),
        from sender in Ids from receiver in Ids from term in Numbers from ok in Gen.Elements(true, false) from a in Numbers from b in Numbers from c in Numbers from d in Numbers
        select (RaftMessage)new AppendEntriesResponse(sender, receiver, term, ok, a, b, c, d),
        from sender in Ids from receiver in Ids from term in Numbers from a in Numbers from b in Numbers
        select (RaftMessage)new Heartbeat(sender, receiver, term, a, b),
        from sender in Ids from receiver in Ids from term in Numbers from a in Numbers
        select (RaftMessage)new HeartbeatResponse(sender, receiver, term, a),
        from sender in Ids from receiver in Ids from term in Numbers from a in Numbers from b in Numbers from members in Gen.NonEmptyListOf(Ids)
        from data in Gen.ArrayOf(Gen.Choose(0, 255).Select(x => (byte)x))
        select (RaftMessage)new InstallSnapshot(sender, receiver, term, new RaftSnapshot(a, b, members.ToArray(), data)),
        from sender in Ids from receiver in Ids from term in Numbers
        select (RaftMessage)new TimeoutNow(sender, receiver, term));

    [Fact]
    public void Every_message_survives_the_wire_unchanged()
    {
        Prop.ForAll(Gen.ListOf(Messages).ToArbitrary(), messages =>
        {
            var decoded = RaftWireCodec.Decode(RaftWireCodec.Encode(messages.ToArray()));
            decoded.Should().BeEquivalentTo(messages, o => o.WithStrictOrdering().RespectingRuntimeTypes());
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void A_body_that_is_not_a_batch_is_refused_with_a_format_error()
    {
        var decode = () => RaftWireCodec.Decode([0x0a, 0xff, 0xff, 0xff]);
        decode.Should().Throw<FormatException>();
    }

    [Fact]
    public void An_entry_of_an_unknown_type_is_refused()
    {
        var encoded = RaftWireCodec.Encode([new AppendEntries("a", "b", 1, 0, 0, [new LogEntry(1, 1, (EntryType)7, [])], 0)]);
        var decode = () => RaftWireCodec.Decode(encoded);
        decode.Should().Throw<FormatException>().WithMessage("*type 7*");
    }
}
