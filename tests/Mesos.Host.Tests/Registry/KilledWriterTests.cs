using System.Net;
using Xunit.Abstractions;
using Task = System.Threading.Tasks.Task;

namespace Mesos.Host.Tests.Registry;

/// <summary>
/// A master killed with kill -9 again and again while it appends to its registry (weights written by
/// several clients at once, a snapshot every few events): each time the next master opens the SQLite
/// registry and replays it, and holds every acknowledged write. A write in flight at the kill may have
/// landed or not, never anything else.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class KilledWriterTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Rounds = 6;
    private const int Writers = 3;

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly List<RunningMesos> _masters = [];
    private readonly string _workDir = Path.Combine(Path.GetTempPath(), "mesos-killed-writer-" + Guid.NewGuid().ToString("N"));
    private readonly int _port = RunningMesos.FreePort();

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_workDir);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var master in _masters) await master.DisposeAsync();
        _http.Dispose();
        Directory.Delete(_workDir, recursive: true);
    }

    [Fact]
    public async Task A_master_killed_in_the_middle_of_journal_appends_leaves_a_registry_that_opens_and_replays_every_acknowledged_write()
    {
        var seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        var config = Path.Combine(_workDir, "master.conf");
        // Snapshots (and the deletion of older ones) are written often, so that kills land among them too.
        await File.WriteAllTextAsync(config, "mesos.master.registry-snapshot-interval = 7");
        var acknowledged = new int[Writers];

        for (var round = 0; round <= Rounds; round++)
        {
            var master = RunningMesos.Start("master", "--ip=127.0.0.1", $"--port={_port}", $"--work_dir={_workDir}", $"--config={config}");
            _masters.Add(master);
            await master.WaitForOutput("recovered the registry", TimeSpan.FromSeconds(60));

            var recovered = await WeightsApi.Get(_http, Master);
            for (var writer = 0; writer < Writers; writer++)
            {
                var weight = (int)recovered.GetValueOrDefault(Role(writer));
                weight.Should().BeOneOf([acknowledged[writer], acknowledged[writer] + 1],
                    $"role {Role(writer)} was last acknowledged at {acknowledged[writer]} before kill {round} (seed {seed})");
                acknowledged[writer] = weight;
            }
            if (round == Rounds) break;

            // Kill after a random number of acknowledged writes, while every writer has one in flight.
            var killAfter = random.Next(3, 40);
            var acks = 0;
            var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var stop = new CancellationTokenSource();
            var writers = Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var next = acknowledged[writer] + 1;
                    if (!await TryWriteWeight(Role(writer), next, stop.Token)) return;
                    acknowledged[writer] = next;
                    if (Interlocked.Increment(ref acks) == killAfter) enough.TrySetResult();
                }
            })).ToList();
            await Task.WhenAny(enough.Task, Task.WhenAny(writers)).WaitAsync(TimeSpan.FromSeconds(60));
            // A writer ends before the kill only when a write was answered with an error: that error fails the test.
            foreach (var ended in writers.Where(w => w.IsCompleted)) await ended;
            writers.Should().NotContain(w => w.IsCompleted, "every write before the kill succeeds");
            await master.Crash();
            await stop.CancelAsync();
            await Task.WhenAll(writers);
            output.WriteLine($"round {round}: killed after {acks} acknowledged writes; acknowledged {string.Join(", ", acknowledged)}");
        }
    }

    private static string Role(int writer) => $"writer{writer}";

    /// <summary>True when the master acknowledged the write; false when it died under it.</summary>
    private async Task<bool> TryWriteWeight(string role, int weight, CancellationToken stop)
    {
        try
        {
            var (status, body) = await WeightsApi.Update(_http, Master, role, weight, stop);
            status.Should().Be(HttpStatusCode.OK, body);
            return true;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            return false;
        }
    }

    private string Master => $"127.0.0.1:{_port}";
}
