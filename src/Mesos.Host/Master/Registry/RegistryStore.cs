using Akka.Configuration;
using Akka.Hosting;
using Akka.Persistence.Sql.Hosting;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Mesos.Host.Master.Registry;

/// <summary>
/// The database of a replicated_log registry, from --registry_store: a SQLite file (by default
/// <c>&lt;work_dir&gt;/registry.db</c>, created at start) or PostgreSQL, given as a
/// <c>postgresql://</c> URL or an Npgsql connection string. The master's journal and snapshot store
/// (Akka.Persistence.Sql) are set up on it.
/// </summary>
internal sealed record RegistryStore(string ProviderName, string ConnectionString, string Description)
{
    public const string DefaultFileName = "registry.db";
    private const string SqlitePrefix = "sqlite:";

    /// <summary>The store <paramref name="store"/> names; a value that names none throws <see cref="FormatException"/> with why.</summary>
    /// <param name="flag">The flag that named the store, for messages.</param>
    /// <param name="fileName">The SQLite file in <paramref name="workDir"/> when no store is named.</param>
    public static RegistryStore Resolve(string store, string workDir, string flag = "registry_store", string fileName = DefaultFileName)
    {
        if (store.Length == 0) return Sqlite(Path.Combine(workDir, fileName), flag);
        if (store.StartsWith(SqlitePrefix, StringComparison.Ordinal)) return Sqlite(store[SqlitePrefix.Length..], flag);
        if (Uri.TryCreate(store, UriKind.Absolute, out var url) && url.Scheme is "postgresql" or "postgres") return Postgres(FromUrl(url, flag), flag);
        try
        {
            return Postgres(new NpgsqlConnectionStringBuilder(store), flag);
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"{flag}: '{Redact(store)}' is neither sqlite:PATH, a postgresql:// URL nor a PostgreSQL connection string ({e.Message})");
        }
    }

    /// <summary>The store for /flags and logs: the password, if any, replaced by ***.</summary>
    public static string Redact(string store)
    {
        if (Uri.TryCreate(store, UriKind.Absolute, out var url) && url.UserInfo.Contains(':', StringComparison.Ordinal))
        {
            return store.Replace(url.UserInfo, url.UserInfo[..url.UserInfo.IndexOf(':', StringComparison.Ordinal)] + ":***", StringComparison.Ordinal);
        }
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(store);
            if (builder.Password is null) return store;
            builder.Password = "***";
            return builder.ConnectionString;
        }
        catch (ArgumentException)
        {
            return store;
        }
    }

    /// <summary>
    /// The SQL journal and snapshot store on this database (akka.persistence.journal.PLUGIN and
    /// akka.persistence.snapshot-store.PLUGIN), with their defaults; their tables are created when missing.
    /// </summary>
    /// <param name="plugin">The plugins' name: <c>sql</c> for the registry's, a built-in framework's name for its store.</param>
    public Config ToConfig(string plugin = "sql")
    {
        var journal = new SqlJournalOptions(false, plugin) { ConnectionString = ConnectionString, ProviderName = ProviderName, AutoInitialize = true };
        var snapshots = new SqlSnapshotOptions(false, plugin) { ConnectionString = ConnectionString, ProviderName = ProviderName, AutoInitialize = true };
        return journal.ToConfig().WithFallback(snapshots.ToConfig()).WithFallback(journal.DefaultConfig).WithFallback(snapshots.DefaultConfig);
    }

    public void AddTo(AkkaConfigurationBuilder builder, string plugin = "sql") => builder.AddHocon(ToConfig(plugin), HoconAddMode.Prepend);

    private static RegistryStore Sqlite(string path, string flag)
    {
        if (path.Length == 0) throw new FormatException($"{flag}: sqlite: needs a file, as sqlite:/var/lib/mesos/{DefaultFileName}");
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var connection = new SqliteConnectionStringBuilder { DataSource = full, Mode = SqliteOpenMode.ReadWriteCreate };
        return new RegistryStore(LinqToDB.ProviderName.SQLiteMS, connection.ConnectionString, $"SQLite {full}");
    }

    private static RegistryStore Postgres(NpgsqlConnectionStringBuilder connection, string flag)
    {
        if (string.IsNullOrEmpty(connection.Host)) throw new FormatException($"{flag}: the PostgreSQL store names no host");
        var shown = new NpgsqlConnectionStringBuilder(connection.ConnectionString) { Password = null };
        return new RegistryStore(LinqToDB.ProviderName.PostgreSQL15, connection.ConnectionString, $"PostgreSQL {shown.Host}:{shown.Port}/{shown.Database}");
    }

    private static NpgsqlConnectionStringBuilder FromUrl(Uri url, string flag)
    {
        var builder = new NpgsqlConnectionStringBuilder { Host = url.Host };
        if (url.Port > 0) builder.Port = url.Port;
        var database = Uri.UnescapeDataString(url.AbsolutePath.TrimStart('/'));
        if (database.Length > 0) builder.Database = database;
        if (url.UserInfo.Length > 0)
        {
            var colon = url.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? url.UserInfo : url.UserInfo[..colon]);
            if (colon >= 0) builder.Password = Uri.UnescapeDataString(url.UserInfo[(colon + 1)..]);
        }
        foreach (var parameter in url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var (key, value) = parameter.IndexOf('=') is var equals and >= 0 ? (parameter[..equals], parameter[(equals + 1)..]) : (parameter, "");
            try
            {
                builder[Uri.UnescapeDataString(key)] = Uri.UnescapeDataString(value);
            }
            catch (ArgumentException e)
            {
                throw new FormatException($"{flag}: the URL's parameter '{key}' is not one PostgreSQL's client knows ({e.Message})");
            }
        }
        return builder;
    }
}
