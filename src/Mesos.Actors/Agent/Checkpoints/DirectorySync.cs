using System.ComponentModel;
using System.Runtime.InteropServices;

namespace Mesos.Actors.Agent.Checkpoints;

/// <summary>
/// fsync of a directory, which .NET cannot open as a stream: without it a rename or a new file may be
/// lost in a power failure although the file's own data was synced.
/// </summary>
internal static class DirectorySync
{
    // O_RDONLY: Linux opens a directory read-only without O_DIRECTORY, whose value differs between architectures.
    private const int ReadOnly = 0;

    public static void Sync(string directory)
    {
        if (!OperatingSystem.IsLinux()) return;
        var fd = open(directory, ReadOnly);
        if (fd < 0) throw new IOException($"Cannot open {directory} to sync it", new Win32Exception(Marshal.GetLastPInvokeError()));
        try
        {
            if (fsync(fd) != 0) throw new IOException($"Cannot sync {directory}", new Win32Exception(Marshal.GetLastPInvokeError()));
        }
        finally
        {
            _ = close(fd);
        }
    }

    [DllImport("libc.so.6", SetLastError = true)]
    private static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc.so.6", SetLastError = true)]
    private static extern int fsync(int fd);

    [DllImport("libc.so.6", SetLastError = true)]
    private static extern int close(int fd);
}
