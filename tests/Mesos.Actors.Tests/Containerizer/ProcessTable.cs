namespace Mesos.Actors.Tests.Containerizer;

/// <summary>Looks processes up in /proc (a zombie counts as gone: it no longer runs) and waits on files tasks write.</summary>
internal static class ProcessTable
{
    public static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..][0];
            return state is not 'Z' and not 'X';
        }
        catch (IOException)
        {
            return false;
        }
    }

    public static void AwaitGone(int pid, TimeSpan timeout) =>
        Await(() => !IsRunning(pid), timeout, $"Process {pid} still runs");

    /// <summary>The pid a task wrote into <paramref name="path"/>, once it is there.</summary>
    public static int ReadPid(string path, TimeSpan timeout)
    {
        var pid = 0;
        Await(() => File.Exists(path) && int.TryParse(File.ReadAllText(path).Trim(), out pid), timeout, $"No pid appeared in {path}");
        return pid;
    }

    public static void AwaitFile(string path, TimeSpan timeout) =>
        Await(() => File.Exists(path) && new FileInfo(path).Length > 0, timeout, $"{path} was not written");

    private static void Await(Func<bool> condition, TimeSpan timeout, string failure)
    {
        var deadline = DateTime.UtcNow + timeout;
        using var pause = new ManualResetEventSlim();
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{failure} after {timeout}");
            pause.Wait(TimeSpan.FromMilliseconds(10));
        }
    }
}
