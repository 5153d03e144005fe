using Mesos.Actors.Cluster;

namespace Mesos.Actors.Tests.Cluster.Storage;

/// <summary>The behaviour every Raft storage must have, run against each implementation.</summary>
public abstract class RaftStorageContract : IDisposable
{
    protected abstract IRaftStorage Storage { get; }

    /// <summary>The storage as a restarted process would open it.</summary>
    protected abstract IRaftStorage Reopen();

    public abstract void Dispose();

    private static LogEntry Entry(long term, long index) => new(term, index, EntryType.Command, [(byte)index, (byte)term]);

    [Fact]
    public void A_new_storage_is_empty()
    {
        var state = Storage.Load();
        state.HardState.Should().Be(HardState.Empty);
        state.Snapshot.Should().BeNull();
        state.Entries.Should().BeEmpty();
    }

    [Fact]
    public void Term_vote_and_entries_survive_a_reopen()
    {
        Storage.Save(new RaftWrite(new HardState(3, "n2"), null, false, [Entry(1, 1), Entry(3, 2)]));
        var state = Reopen().Load();
        state.HardState.Should().Be(new HardState(3, "n2"));
        state.Entries.Select(e => (e.Term, e.Index)).Should().Equal((1L, 1L), (3L, 2L));
        state.Entries[1].Data.Should().Equal(2, 3);
    }

    [Fact]
    public void Entries_written_at_an_index_replace_that_index_and_everything_after_it()
    {
        Storage.Save(new RaftWrite(null, null, false, [Entry(1, 1), Entry(1, 2), Entry(1, 3)]));
        Storage.Save(new RaftWrite(null, null, false, [Entry(2, 2)]));
        Storage.Load().Entries.Select(e => (e.Term, e.Index)).Should().Equal((1L, 1L), (2L, 2L));
    }

    [Fact]
    public void A_snapshot_drops_the_entries_it_covers_and_a_leader_snapshot_drops_the_whole_log()
    {
        Storage.Save(new RaftWrite(null, null, false, [Entry(1, 1), Entry(1, 2), Entry(1, 3)]));
        Storage.Save(new RaftWrite(null, new RaftSnapshot(2, 1, ["n1", "n2"], [9]), false, []));
        var state = Reopen().Load();
        state.Snapshot!.LastIndex.Should().Be(2);
        state.Snapshot.Members.Should().Equal("n1", "n2");
        state.Snapshot.Data.Should().Equal(9);
        state.Entries.Select(e => e.Index).Should().Equal(3);

        Storage.Save(new RaftWrite(null, new RaftSnapshot(10, 4, ["n1"], [7]), true, [Entry(4, 11)]));
        Reopen().Load().Entries.Select(e => e.Index).Should().Equal(11);
    }
}

public sealed class InMemoryRaftStorageTests : RaftStorageContract
{
    private readonly InMemoryRaftStorage _storage = new();

    protected override IRaftStorage Storage => _storage;

    protected override IRaftStorage Reopen() => _storage;

    public override void Dispose() => _storage.Dispose();
}

public sealed class SqliteRaftStorageTests : RaftStorageContract
{
    private readonly string _directory = Directory.CreateTempSubdirectory("raft-sqlite-").FullName;
    private readonly List<SqliteRaftStorage> _opened = [];

    public SqliteRaftStorageTests() => _opened.Add(new SqliteRaftStorage(Path.Combine(_directory, "raft.db")));

    protected override IRaftStorage Storage => _opened[0];

    protected override IRaftStorage Reopen()
    {
        var storage = new SqliteRaftStorage(Path.Combine(_directory, "raft.db"));
        _opened.Add(storage);
        return storage;
    }

    public override void Dispose()
    {
        foreach (var storage in _opened) storage.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void The_file_uses_write_ahead_logging()
    {
        Storage.Save(new RaftWrite(new HardState(1, null), null, false, []));
        File.Exists(Path.Combine(_directory, "raft.db-wal")).Should().BeTrue();
    }
}
