using System.Globalization;

namespace Mesos.Actors.Tests.Containerizer;

/// <summary>Looks processes up in /proc (a zombie counts as gone: it no longer runs) and waits on files tasks write.</summary>
internal static class ProcessTable
{
    // The states a Linux process's stat reports; Z (zombie) and X (dead) no longer run.
    private const string KnownStates = "RSDZTtWXxKPI";

    /// <summary>
    /// Whether <paramref name="pid"/> runs, as <paramref name="proc"/> (procfs) tells. A process with no entry
    /// in a readable procfs is gone. When procfs cannot be read at all, or an entry does not read as a
    /// process's stat, this throws: answering "not running" then would make every check that a process
    /// is gone pass without looking.
    /// </summary>
    /// <exception cref="InvalidOperationException">procfs cannot be read.</exception>
    /// <exception cref="FormatException">The process's stat is not what Linux writes.</exception>
    public static bool IsRunning(int pid, string proc = "/proc")
    {
        if (!File.Exists(Path.Combine(proc, "self", "stat")))
        {
            throw new InvalidOperationException($"Cannot tell whether process {pid} runs: {proc}/self/stat cannot be read (is procfs mounted?)");
        }
        var entry = Path.Combine(proc, pid.ToString(CultureInfo.InvariantCulture));
        string stat;
        try
        {
            stat = File.ReadAllText(Path.Combine(entry, "stat"));
        }
        catch (IOException) when (!Directory.Exists(entry))
        {
            // Gone, possibly while it was being read; any other failure to read the entry of a live process is news.
            return false;
        }
        // "pid (comm) state ...": comm may hold spaces and parentheses, so the state follows the last ')'.
        var close = stat.LastIndexOf(')');
        if (close < 0 || close + 2 >= stat.Length || stat[close + 1] != ' ' || !KnownStates.Contains(stat[close + 2], StringComparison.Ordinal))
        {
            throw new FormatException($"{entry}/stat does not read as a process's stat: '{stat}'");
        }
        return stat[close + 2] is not 'Z' and not 'X';
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
