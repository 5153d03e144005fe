namespace Mesos.Host.Tests;

/// <summary>
/// A `mesos master` process on a free loopback port with its own work dir, for one test class; by default
/// with a body limit small enough to go over cheaply.
/// </summary>
public class MasterFixture : IAsyncLifetime
{
    private readonly string _config;

    public MasterFixture()
        : this("mesos.http.max-request-body-size = 64KiB")
    {
    }

    /// <summary>A master with <paramref name="config"/> as its HOCON file (protected: xunit builds a fixture through its only public constructor).</summary>
    protected MasterFixture(string config) => _config = config;

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "mesos-master-" + Guid.NewGuid().ToString("N"));
    private RunningMesos _process = null!;

    public int Port { get; } = RunningMesos.FreePort();

    public string Url(string path) => $"http://127.0.0.1:{Port}{path}";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        var file = Path.Combine(_dir, "master.conf");
        await File.WriteAllTextAsync(file, _config);
        _process = RunningMesos.Start("master", "--ip=127.0.0.1", $"--port={Port}", $"--work_dir={_dir}", "--hostname=master.test", $"--config={file}");
        await _process.WaitForOutput("listening on");
    }

    public async Task DisposeAsync()
    {
        await _process.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }
}
