using System.Net;
using Microsoft.Data.Sqlite;
using Task = System.Threading.Tasks.Task;

namespace Mesos.Host.Tests.Registry;

/// <summary>
/// The master's work dir on a small tmpfs that fills up: a registry write is refused with a 503 that
/// says the disk is full, nothing of it applies and the master keeps serving; once there is room again
/// writes succeed, the registry file passes SQLite's integrity check, and the next master recovers
/// exactly the writes that were acknowledged.
/// </summary>
public sealed class FullDiskTests : IAsyncLifetime
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly List<RunningMesos> _masters = [];
    private SmallDisk? _disk;
    private readonly int _port = RunningMesos.FreePort();

    private SmallDisk Disk => _disk ?? throw new InvalidOperationException("Not initialized");

    private string WorkDir => Path.Combine(Disk.Path, "master");

    public async Task InitializeAsync() => _disk = await SmallDisk.Mount("4m");

    public async Task DisposeAsync()
    {
        foreach (var master in _masters) await master.DisposeAsync();
        _http.Dispose();
        if (_disk is not null) await _disk.DisposeAsync();
    }

    [Fact]
    public async Task A_full_disk_refuses_registry_writes_clearly_and_corrupts_nothing()
    {
        var master = await StartMaster();
        (await WriteWeight("before", 2)).Status.Should().Be(HttpStatusCode.OK);

        var filler = Disk.Fill();
        var (status, body) = await WriteWeight("full", 3);
        status.Should().Be(HttpStatusCode.ServiceUnavailable);
        body.Should().Contain("Failed to update the registry").And.Contain("disk is full");
        (await Weights()).Should().Equal(new Dictionary<string, double> { ["before"] = 2 });

        File.Delete(filler);
        // The registry starts again after the failed write (backing off); until then writes are refused as unavailable.
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90)))
        using (var retry = new PeriodicTimer(TimeSpan.FromMilliseconds(250)))
        {
            while ((await WriteWeight("after", 4)).Status != HttpStatusCode.OK) await retry.WaitForNextTickAsync(deadline.Token);
        }
        await master.Crash();

        IntegrityCheck(Path.Combine(WorkDir, "registry.db")).Should().Be("ok");
        await StartMaster();
        (await Weights()).Should().Equal(new Dictionary<string, double> { ["before"] = 2, ["after"] = 4 });
    }

    private async Task<RunningMesos> StartMaster()
    {
        var master = RunningMesos.Start("master", "--ip=127.0.0.1", $"--port={_port}", $"--work_dir={WorkDir}");
        _masters.Add(master);
        await master.WaitForOutput("recovered the registry", TimeSpan.FromSeconds(60));
        return master;
    }

    private string Master => $"127.0.0.1:{_port}";

    private Task<(HttpStatusCode Status, string Body)> WriteWeight(string role, int weight) => WeightsApi.Update(_http, Master, role, weight);

    private Task<Dictionary<string, double>> Weights() => WeightsApi.Get(_http, Master);

    private static string IntegrityCheck(string database)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString);
        connection.Open();
        using var check = connection.CreateCommand();
        check.CommandText = "PRAGMA integrity_check";
        return (string)check.ExecuteScalar()!;
    }
}
