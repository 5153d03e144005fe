using Microsoft.Data.Sqlite;

namespace Mesos.Actors.Cluster;

/// <summary>
/// Raft state in one SQLite file: WAL journal with synchronous=FULL, so a committed transaction is synced before
/// <see cref="Save"/> returns. Tables: the hard state (one row), the log (one row per entry) and the latest snapshot.
/// </summary>
public sealed class SqliteRaftStorage : IRaftStorage
{
    private readonly SqliteConnection _connection;
    private readonly Lock _lock = new();

    static SqliteRaftStorage() => SQLitePCL.Batteries.Init();

    public SqliteRaftStorage(string path)
    {
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode=WAL;");
        Execute("PRAGMA synchronous=FULL;");
        Execute("""
            CREATE TABLE IF NOT EXISTS raft_state (id INTEGER PRIMARY KEY CHECK (id = 1), term INTEGER NOT NULL, voted_for TEXT);
            CREATE TABLE IF NOT EXISTS raft_log (idx INTEGER PRIMARY KEY, term INTEGER NOT NULL, type INTEGER NOT NULL, data BLOB NOT NULL);
            CREATE TABLE IF NOT EXISTS raft_snapshot (id INTEGER PRIMARY KEY CHECK (id = 1), last_index INTEGER NOT NULL,
                last_term INTEGER NOT NULL, members TEXT NOT NULL, data BLOB NOT NULL);
            """);
    }

    public RaftPersistentState Load()
    {
        lock (_lock)
        {
            var hardState = HardState.Empty;
            using (var command = Command("SELECT term, voted_for FROM raft_state WHERE id = 1"))
            using (var reader = command.ExecuteReader())
            {
                if (reader.Read()) hardState = new HardState(reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1));
            }
            RaftSnapshot? snapshot = null;
            using (var command = Command("SELECT last_index, last_term, members, data FROM raft_snapshot WHERE id = 1"))
            using (var reader = command.ExecuteReader())
            {
                if (reader.Read())
                {
                    snapshot = new RaftSnapshot(reader.GetInt64(0), reader.GetInt64(1),
                        Membership.Decode(System.Text.Encoding.UTF8.GetBytes(reader.GetString(2))), (byte[])reader[3]);
                }
            }
            var entries = new List<LogEntry>();
            using (var command = Command("SELECT idx, term, type, data FROM raft_log ORDER BY idx"))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    entries.Add(new LogEntry(reader.GetInt64(1), reader.GetInt64(0), (EntryType)reader.GetInt32(2), (byte[])reader[3]));
                }
            }
            return new RaftPersistentState(hardState, snapshot, entries);
        }
    }

    public void Save(RaftWrite write)
    {
        lock (_lock)
        {
            using var transaction = _connection.BeginTransaction();
            if (write.HardState is { } hardState)
            {
                using var command = Command("INSERT OR REPLACE INTO raft_state (id, term, voted_for) VALUES (1, $term, $vote)", transaction);
                command.Parameters.AddWithValue("$term", hardState.Term);
                command.Parameters.AddWithValue("$vote", (object?)hardState.VotedFor ?? DBNull.Value);
                command.ExecuteNonQuery();
            }
            if (write.Snapshot is { } snapshot) SaveSnapshot(snapshot, write.DiscardLog, transaction);
            if (write.Entries.Count > 0) SaveEntries(write.Entries, transaction);
            transaction.Commit();
        }
    }

    public void Dispose()
    {
        lock (_lock) _connection.Dispose();
    }

    private void SaveSnapshot(RaftSnapshot snapshot, bool discardLog, SqliteTransaction transaction)
    {
        using (var command = Command("""
            INSERT OR REPLACE INTO raft_snapshot (id, last_index, last_term, members, data) VALUES (1, $index, $term, $members, $data)
            """, transaction))
        {
            command.Parameters.AddWithValue("$index", snapshot.LastIndex);
            command.Parameters.AddWithValue("$term", snapshot.LastTerm);
            command.Parameters.AddWithValue("$members", string.Join('\n', snapshot.Members));
            command.Parameters.AddWithValue("$data", snapshot.Data);
            command.ExecuteNonQuery();
        }
        using var delete = Command(discardLog ? "DELETE FROM raft_log" : "DELETE FROM raft_log WHERE idx <= $index", transaction);
        delete.Parameters.AddWithValue("$index", snapshot.LastIndex);
        delete.ExecuteNonQuery();
    }

    private void SaveEntries(IReadOnlyList<LogEntry> entries, SqliteTransaction transaction)
    {
        using (var delete = Command("DELETE FROM raft_log WHERE idx >= $index", transaction))
        {
            delete.Parameters.AddWithValue("$index", entries[0].Index);
            delete.ExecuteNonQuery();
        }
        using var insert = Command("INSERT INTO raft_log (idx, term, type, data) VALUES ($index, $term, $type, $data)", transaction);
        var index = insert.Parameters.Add("$index", SqliteType.Integer);
        var term = insert.Parameters.Add("$term", SqliteType.Integer);
        var type = insert.Parameters.Add("$type", SqliteType.Integer);
        var data = insert.Parameters.Add("$data", SqliteType.Blob);
        insert.Prepare();
        foreach (var entry in entries)
        {
            index.Value = entry.Index;
            term.Value = entry.Term;
            type.Value = (int)entry.Type;
            data.Value = entry.Data;
            insert.ExecuteNonQuery();
        }
    }

    private SqliteCommand Command(string sql, SqliteTransaction? transaction = null)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    private void Execute(string sql)
    {
        using var command = Command(sql);
        command.ExecuteNonQuery();
    }
}
