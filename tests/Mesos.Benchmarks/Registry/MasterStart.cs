using System.Diagnostics;
using Mesos.Benchmarks.Launch;

namespace Mesos.Benchmarks.Registry;

/// <summary>A `mesos master` process on a registry store, timed from its start until it serves: it has recovered the registry and listens.</summary>
internal static class MasterStart
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(5);

    public static TimeSpan Time(string store, string work)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "mesos"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "master", "--ip=127.0.0.1", $"--port={LocalCluster.FreePort()}", $"--work_dir={Path.Combine(work, Guid.NewGuid().ToString("N"))}", $"--registry_store={store}" })
        {
            start.ArgumentList.Add(arg);
        }
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start mesos master");
        try
        {
            var recovered = false;
            var listening = false;
            using var serving = new ManualResetEventSlim();
            var gate = new object();
            void Read(DataReceivedEventArgs e)
            {
                lock (gate)
                {
                    recovered |= e.Data?.Contains("recovered the registry", StringComparison.Ordinal) == true;
                    listening |= e.Data?.Contains("listening on", StringComparison.Ordinal) == true;
                    if (recovered && listening) serving.Set();
                }
            }
            process.OutputDataReceived += (_, e) => Read(e);
            process.ErrorDataReceived += (_, e) => Read(e);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (!serving.Wait(Deadline)) throw new TimeoutException("mesos master did not recover its registry and listen");
            return clock.Elapsed;
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }
}
