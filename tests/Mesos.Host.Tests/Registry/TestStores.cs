using Microsoft.Data.Sqlite;
using Npgsql;

namespace Mesos.Host.Tests.Registry;

/// <summary>The registry stores the tests run against: a SQLite file, or a database of its own on the test run's PostgreSQL server.</summary>
internal static class TestStores
{
    /// <summary>
    /// A new, empty database on the PostgreSQL server tests/deps/postgresql.sh started (MESOS_TEST_POSTGRES),
    /// as a postgresql:// URL for --registry_store; fails with why there is no server.
    /// </summary>
    public static async Task<string> NewPostgresDatabase()
    {
        var server = Environment.GetEnvironmentVariable("MESOS_TEST_POSTGRES");
        if (string.IsNullOrEmpty(server))
        {
            var why = Environment.GetEnvironmentVariable("MESOS_TEST_POSTGRES_MISSING");
            throw new InvalidOperationException("These tests need PostgreSQL: " + (string.IsNullOrEmpty(why)
                ? "MESOS_TEST_POSTGRES is not set; run them through ./test.sh, which sources tests/deps/postgresql.sh"
                : why));
        }
        var name = "mesos_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }
        var database = new NpgsqlConnectionStringBuilder(server) { Database = name };
        return $"postgresql://{database.Username}@{database.Host}:{database.Port}/{name}";
    }

    /// <summary>Runs one SQL statement on the store (a URL of <see cref="NewPostgresDatabase"/>, or sqlite:PATH).</summary>
    public static async Task Execute(string store, string sql)
    {
        if (store.StartsWith("sqlite:", StringComparison.Ordinal))
        {
            await using var sqlite = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = store["sqlite:".Length..] }.ConnectionString);
            await sqlite.OpenAsync();
            await using var command = sqlite.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync();
            return;
        }
        var url = new Uri(store);
        var builder = new NpgsqlConnectionStringBuilder { Host = url.Host, Port = url.Port, Username = url.UserInfo, Database = url.AbsolutePath.TrimStart('/') };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var statement = new NpgsqlCommand(sql, connection);
        await statement.ExecuteNonQueryAsync();
    }

    /// <summary>A statement that makes every insert into the journal fail, as a store that refuses writes; <see cref="AllowWrites"/> undoes it.</summary>
    public static string RefuseWrites(string store) => store.StartsWith("sqlite:", StringComparison.Ordinal)
        ? "CREATE TRIGGER refuse_writes BEFORE INSERT ON journal BEGIN SELECT RAISE(ABORT, 'writes refused by the test'); END;"
        : """
          CREATE FUNCTION refuse_writes() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'writes refused by the test'; END $$ LANGUAGE plpgsql;
          CREATE TRIGGER refuse_writes BEFORE INSERT ON journal FOR EACH ROW EXECUTE FUNCTION refuse_writes();
          """;

    public static string AllowWrites(string store) => store.StartsWith("sqlite:", StringComparison.Ordinal)
        ? "DROP TRIGGER refuse_writes;"
        : "DROP TRIGGER refuse_writes ON journal; DROP FUNCTION refuse_writes();";
}
