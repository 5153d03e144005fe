using System.Runtime.InteropServices;

namespace Mesos.Benchmarks.Simulation;

/// <summary>
/// The process's open file limit, raised for suites that hold a socket per simulated agent (and so do the
/// master processes they start, which inherit it).
/// </summary>
internal static class OpenFileLimit
{
    public static void Raise(int wanted)
    {
        const int RlimitNofile = 7;
        if (getrlimit(RlimitNofile, out var limit) != 0 || limit.Current >= (ulong)wanted) return;
        var raised = new RLimit { Current = (ulong)wanted, Max = Math.Max(limit.Max, (ulong)wanted) };
        if (setrlimit(RlimitNofile, ref raised) == 0) return;
        // Without the right to raise the hard limit, the hard limit is as far as it goes.
        var hard = new RLimit { Current = limit.Max, Max = limit.Max };
        setrlimit(RlimitNofile, ref hard);
        Console.Error.WriteLine($"Could not raise the open file limit to {wanted}; it is {limit.Max}, the hard limit (raise it with ulimit -Hn as root)");
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Current;
        public ulong Max;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int getrlimit(int resource, out RLimit limit);

    [DllImport("libc", SetLastError = true)]
    private static extern int setrlimit(int resource, ref RLimit limit);
}
