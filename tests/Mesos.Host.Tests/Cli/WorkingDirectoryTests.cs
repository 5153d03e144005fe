namespace Mesos.Host.Tests.Cli;

/// <summary>
/// A master or an agent started from a directory that holds other things (its own work dir, as an agent started
/// above it does) neither reads nor watches anything there: a watcher of that whole tree woke the process at each
/// write of every task's sandbox.
/// </summary>
public sealed class WorkingDirectoryTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "mesos-cwd-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_master_and_an_agent_watch_no_file_of_the_directory_they_are_started_in()
    {
        foreach (var sub in new[] { "a", "a/b", "c" }) Directory.CreateDirectory(Path.Combine(_dir, sub));
        var masterPort = RunningMesos.FreePort();
        await using var master = RunningMesos.StartIn(_dir, "master", "--ip=127.0.0.1", $"--port={masterPort}", "--work_dir=master", "--registry=in_memory");
        await master.WaitForOutput("listening on");
        await using var agent = RunningMesos.StartIn(_dir, "agent", "--ip=127.0.0.1", $"--port={RunningMesos.FreePort()}", $"--master=127.0.0.1:{masterPort}",
            "--work_dir=agent", "--resources=cpus:1;mem:128");
        await agent.WaitForOutputs(ClusterFixture.AgentReady);

        InotifyWatches(master.Pid).Should().Be(0);
        InotifyWatches(agent.Pid).Should().Be(0);
    }

    // What the process's inotify descriptors watch, from /proc: a line per watched directory.
    private static int InotifyWatches(int pid) =>
        new DirectoryInfo($"/proc/{pid}/fd").GetFiles()
            .Where(fd => fd.LinkTarget == "anon_inode:inotify")
            .Sum(fd => File.ReadLines($"/proc/{pid}/fdinfo/{fd.Name}").Count(l => l.StartsWith("inotify wd:", StringComparison.Ordinal)));
}
