using System.Diagnostics;
using Mesos.Actors.Master.Registrar;
using Mesos.Host.Master.Registry;
using Mesos.V1;
using Npgsql;
using Resources = Mesos.Actors.Protocol.Resources;

namespace Mesos.Benchmarks.Registry;

/// <summary>
/// The master's registry on its real stores, SQLite and PostgreSQL: journal appends per second, one
/// awaited write at a time and in batches of 100 events, and how long recovering a registry of 10,000
/// agents and 1,000 frameworks takes, for the registry actor alone and for a `mesos master` process
/// from its start until it serves.
/// </summary>
/// <remarks>
/// Arguments: <c>--postgres=CONNECTION</c>, an Npgsql connection string to a server on which databases may
/// be created (default: MESOS_TEST_POSTGRES, as tests/deps/postgresql.sh exports it; without either only
/// SQLite is measured), <c>--agents=N</c> (10000), <c>--frameworks=N</c> (1000).
/// </remarks>
internal static class RegistrySuite
{
    private const int Runs = 3;
    private const int Batch = 100;

    public static int Run(string[] args)
    {
        var agents = Arguments.Int(args, "--agents", 10_000);
        var frameworks = Arguments.Int(args, "--frameworks", 1_000);
        var postgres = Arguments.Text(args, "--postgres") ?? System.Environment.GetEnvironmentVariable("MESOS_TEST_POSTGRES");
        var work = Directory.CreateTempSubdirectory("mesos-registry-bench-").FullName;
        try
        {
            var stores = new List<(string Name, Func<string> Create)> { ("SQLite", () => $"sqlite:{Path.Combine(work, Guid.NewGuid().ToString("N"))}.db") };
            if (string.IsNullOrEmpty(postgres)) Console.WriteLine("PostgreSQL: not measured (give --postgres=CONNECTION or set MESOS_TEST_POSTGRES)");
            else stores.Add(("PostgreSQL", () => NewDatabase(postgres)));

            foreach (var (name, create) in stores)
            {
                var single = Appends(Resolve(create(), work), events: 1_000, perWrite: 1);
                Console.WriteLine($"{name}: appends one at a time: {single:0} events/s (1,000 writes, each awaited)");
                var batched = Appends(Resolve(create(), work), events: 20_000, perWrite: Batch);
                Console.WriteLine($"{name}: appends in batches of {Batch}: {batched:0} events/s (20,000 events)");

                var large = create();
                var filled = Fill(Resolve(large, work), agents, frameworks);
                Console.WriteLine($"{name}: {agents:N0} agents and {frameworks:N0} frameworks written in {filled.TotalSeconds:0.00} s");
                var actor = Median(Enumerable.Range(0, Runs).Select(_ => Recover(Resolve(large, work))));
                Console.WriteLine($"{name}: registry actor recovery: median {actor.TotalMilliseconds:0} ms of {Runs}");
                var empty = Median(Enumerable.Range(0, Runs).Select(_ => MasterStart.Time(create(), work)));
                var full = Median(Enumerable.Range(0, Runs).Select(_ => MasterStart.Time(large, work)));
                Console.WriteLine($"{name}: `mesos master` start to serving: median {full.TotalSeconds:0.00} s of {Runs} with that registry, {empty.TotalSeconds:0.00} s with an empty one");
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
        return 0;
    }

    private static RegistryStore Resolve(string store, string work) => RegistryStore.Resolve(store, work);

    /// <summary>Events per second written in writes of <paramref name="perWrite"/> events, each awaited before the next.</summary>
    private static double Appends(RegistryStore store, int events, int perWrite)
    {
        using var host = new RegistryHost(store, new RegistrySettings());
        host.Recovered.Wait();
        var clock = Stopwatch.StartNew();
        for (var written = 0; written < events; written += perWrite)
        {
            var batch = Enumerable.Range(written, perWrite)
                .Select(i => (RegistryOperation)new SetWeights([new WeightInfo { Role = $"role{i % 50}", Weight = i + 1 }]))
                .ToList();
            host.Write(batch).GetAwaiter().GetResult();
        }
        return events / clock.Elapsed.TotalSeconds;
    }

    /// <summary>Writes the agents and frameworks (with snapshots as a master takes them) in batches, and says how long that took.</summary>
    private static TimeSpan Fill(RegistryStore store, int agents, int frameworks)
    {
        using var host = new RegistryHost(store, new RegistrySettings());
        host.Recovered.Wait();
        var clock = Stopwatch.StartNew();
        var operations = Enumerable.Range(0, agents).Select(i => (RegistryOperation)new AdmitAgent(Agent(i)))
            .Concat(Enumerable.Range(0, frameworks).Select(i => (RegistryOperation)new RecordFramework(Framework(i))));
        foreach (var batch in operations.Chunk(Batch)) host.Write(batch).GetAwaiter().GetResult();
        return clock.Elapsed;
    }

    private static TimeSpan Recover(RegistryStore store)
    {
        var clock = Stopwatch.StartNew();
        using var host = new RegistryHost(store, new RegistrySettings());
        host.Recovered.Wait();
        return clock.Elapsed;
    }

    private static AgentInfo Agent(int i) => new()
    {
        Id = new AgentID { Value = $"{Guid.NewGuid()}-S{i}" },
        Hostname = $"agent{i}.cluster.example",
        Port = 5051,
        Resources = { Resources.Parse("cpus:16;mem:65536;disk:500000;ports:[31000-32000]").ToProtos() },
        Attributes = { new V1.Attribute { Name = "rack", Type = Value.Types.Type.Text, Text = new Value.Types.Text { Value = $"rack{i % 40}" } } },
    };

    private static FrameworkInfo Framework(int i) => new()
    {
        Id = new FrameworkID { Value = $"{Guid.NewGuid()}-{i:0000}" },
        Name = $"framework {i}",
        User = "root",
        Roles = { $"team{i % 20}" },
        FailoverTimeout = 604800,
        Checkpoint = true,
        Capabilities = { new FrameworkInfo.Types.Capability { Type = FrameworkInfo.Types.Capability.Types.Type.MultiRole } },
    };

    private static string NewDatabase(string server)
    {
        var name = "mesos_bench_" + Guid.NewGuid().ToString("N");
        using (var connection = new NpgsqlConnection(server))
        {
            connection.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            create.ExecuteNonQuery();
        }
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    private static TimeSpan Median(IEnumerable<TimeSpan> samples)
    {
        var sorted = samples.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
