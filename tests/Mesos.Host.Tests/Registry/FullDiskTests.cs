using System.Diagnostics;
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
    private readonly string _mount = Path.Combine(Path.GetTempPath(), "mesos-full-disk-" + Guid.NewGuid().ToString("N"));
    private readonly int _port = RunningMesos.FreePort();

    private string WorkDir => Path.Combine(_mount, "master");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_mount);
        await Run("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", _mount);
    }

    public async Task DisposeAsync()
    {
        foreach (var master in _masters) await master.DisposeAsync();
        _http.Dispose();
        await Run("umount", _mount);
        Directory.Delete(_mount, recursive: true);
    }

    [Fact]
    public async Task A_full_disk_refuses_registry_writes_clearly_and_corrupts_nothing()
    {
        var master = await StartMaster();
        (await WriteWeight("before", 2)).Status.Should().Be(HttpStatusCode.OK);

        var filler = Fill();
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

    /// <summary>Writes a file on the tmpfs until no byte more fits; returns its path.</summary>
    private string Fill()
    {
        var path = Path.Combine(_mount, "filler");
        var chunk = new byte[64 * 1024];
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1);
        try
        {
            while (true) file.Write(chunk);
        }
        catch (IOException)
        {
            // ENOSPC: the disk is full; the last chunk is written as far as it fits.
            for (var size = chunk.Length / 2; size > 0; size /= 2)
            {
                try
                {
                    file.Write(chunk, 0, size);
                }
                catch (IOException)
                {
                    // Not even this much fits: try less.
                }
            }
        }
        return path;
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

    /// <summary>Mounting a tmpfs needs root: anyone else sees the command's own error.</summary>
    private static async Task Run(string command, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(command, args) { RedirectStandardError = true, UseShellExecute = false })
            ?? throw new InvalidOperationException($"Could not start {command}");
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{command} {string.Join(' ', args)} failed ({process.ExitCode}): {error}");
    }
}
