using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Mesos.Host.Agent.Files;

/// <summary>
/// The libc calls sandbox browsing needs and .NET does not offer: the canonical path of a path
/// (realpath), opening without blocking on a FIFO, and the file type, owner and link count of an open
/// file or of a name in an open directory (statx, whose layout is the same on every architecture).
/// glibc on Linux.
/// </summary>
internal static class Posix
{
    private const string Library = "libc.so.6";

    private const int O_RDONLY = 0;
    private const int O_NONBLOCK = 0x800;
    private const int O_CLOEXEC = 0x80000;
    private const int AT_SYMLINK_NOFOLLOW = 0x100;
    private const int AT_EMPTY_PATH = 0x1000;
    private const uint STATX_BASIC_STATS = 0x7ff;
    private const int StatxSize = 256;

    [DllImport(Library, SetLastError = true)]
    private static extern IntPtr realpath(string path, IntPtr resolved);

    [DllImport(Library)]
    private static extern void free(IntPtr pointer);

    [DllImport(Library, SetLastError = true)]
    private static extern int open(string path, int flags);

    [DllImport(Library, SetLastError = true)]
    private static extern int statx(int dirfd, string path, int flags, uint mask, byte[] buffer);

    /// <summary>The path with every symlink, <c>.</c> and <c>..</c> resolved; null when a part of it does not exist.</summary>
    public static string? RealPath(string path)
    {
        var resolved = realpath(path, IntPtr.Zero);
        if (resolved == IntPtr.Zero) return null;
        try
        {
            return Marshal.PtrToStringUTF8(resolved);
        }
        finally
        {
            free(resolved);
        }
    }

    /// <summary>
    /// Opens a file or a directory to read. Non-blocking, so that opening a FIFO a task left in its
    /// sandbox does not hang the agent; callers check the type before reading.
    /// </summary>
    public static SafeFileHandle? Open(string path)
    {
        var fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        return fd < 0 ? null : new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>Where an open file is now, as the kernel tracks it: what it is, whatever was renamed since it was opened.</summary>
    public static string? PathOf(SafeFileHandle handle) =>
        new FileInfo($"/proc/self/fd/{handle.DangerousGetHandle()}").LinkTarget;

    public static FileStat? Stat(SafeFileHandle handle) => Statx((int)handle.DangerousGetHandle(), "", AT_EMPTY_PATH);

    /// <summary>The entry <paramref name="name"/> of an open directory itself (a symlink is not followed).</summary>
    public static FileStat? StatEntry(SafeFileHandle directory, string name) => Statx((int)directory.DangerousGetHandle(), name, AT_SYMLINK_NOFOLLOW);

    private static FileStat? Statx(int dirfd, string path, int flags)
    {
        var buffer = new byte[StatxSize];
        if (statx(dirfd, path, flags, STATX_BASIC_STATS, buffer) != 0) return null;
        var span = buffer.AsSpan();
        return new FileStat(
            Mode: BinaryPrimitives.ReadUInt16LittleEndian(span[28..]),
            Links: BinaryPrimitives.ReadUInt32LittleEndian(span[16..]),
            Uid: BinaryPrimitives.ReadUInt32LittleEndian(span[20..]),
            Gid: BinaryPrimitives.ReadUInt32LittleEndian(span[24..]),
            Size: BinaryPrimitives.ReadInt64LittleEndian(span[40..]),
            ModifiedSeconds: BinaryPrimitives.ReadInt64LittleEndian(span[112..]),
            ModifiedNanoseconds: BinaryPrimitives.ReadUInt32LittleEndian(span[120..]));
    }
}
