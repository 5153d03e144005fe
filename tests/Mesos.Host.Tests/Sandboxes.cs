using System.Diagnostics;

namespace Mesos.Host.Tests;

/// <summary>The task processes of a test's agents, found by where they run: in a sandbox under the test's work dir.</summary>
internal static class Sandboxes
{
    /// <summary>
    /// Kills every process whose working directory is under <paramref name="workDir"/>: tasks that outlived a
    /// crashed agent. Only this test's processes run there, whatever other tests on the machine run.
    /// </summary>
    public static void KillProcessesIn(string workDir)
    {
        var root = Path.GetFullPath(workDir) + Path.DirectorySeparatorChar;
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), out var pid)) continue;
            string? cwd;
            try
            {
                cwd = new DirectoryInfo(Path.Combine(entry, "cwd")).LinkTarget;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone since the listing, or not ours to look at.
                continue;
            }
            if (cwd is null || !cwd.StartsWith(root, StringComparison.Ordinal)) continue;
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill();
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                // Gone since we looked.
            }
        }
    }
}
