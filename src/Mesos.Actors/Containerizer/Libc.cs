using System.Runtime.InteropServices;

namespace Mesos.Actors.Containerizer;

/// <summary>
/// The few libc calls .NET's Process cannot make: spawning into a new session (so the whole process
/// tree can be signalled as a group), waiting for a child's raw wait status (so a signal is not
/// confused with an exit status above 128), opening sandboxes without following links, and the eventfd
/// cgroups v1 reports memory pressure on. glibc on Linux.
/// </summary>
internal static class Libc
{
    private const string Library = "libc.so.6";

    public const int SIGKILL = 9;
    public const int SIGTERM = 15;

    public const int O_RDONLY = 0;
    public const int O_WRONLY = 1;
    public const int O_CREAT = 0x40;
    public const int O_APPEND = 0x400;
    public const int O_CLOEXEC = 0x80000;

    // These two differ between architectures: arm64 has its own values.
    public static readonly int O_DIRECTORY = IsArm64 ? 0x4000 : 0x10000;
    public static readonly int O_NOFOLLOW = IsArm64 ? 0x8000 : 0x20000;

    public const short POSIX_SPAWN_SETPGROUP = 0x02;
    public const short POSIX_SPAWN_SETSIGDEF = 0x04;
    public const short POSIX_SPAWN_SETSIGMASK = 0x08;
    public const short POSIX_SPAWN_SETSID = 0x80;

    public const int EINTR = 4;
    public const int ESRCH = 3;
    public const int EEXIST = 17;
    public const int ENOTDIR = 20;
    public const int ELOOP = 40;

    // Opaque glibc structures, allocated with room to spare: 80, 336 and 128 bytes on x86-64 and arm64.
    public const int FileActionsSize = 256;
    public const int SpawnAttrSize = 512;
    public const int SigSetSize = 256;

    [DllImport(Library)]
    public static extern int posix_spawnp(out int pid, string file, IntPtr fileActions, IntPtr attributes, string?[] argv, string?[] envp);

    [DllImport(Library)]
    public static extern int posix_spawn_file_actions_init(IntPtr fileActions);

    [DllImport(Library)]
    public static extern int posix_spawn_file_actions_destroy(IntPtr fileActions);

    [DllImport(Library)]
    public static extern int posix_spawn_file_actions_addopen(IntPtr fileActions, int fd, string path, int flags, uint mode);

    [DllImport(Library)]
    public static extern int posix_spawn_file_actions_addfchdir_np(IntPtr fileActions, SafeHandle directory);

    [DllImport(Library)]
    public static extern int posix_spawn_file_actions_adddup2(IntPtr fileActions, SafeHandle fd, int newFd);

    [DllImport(Library, SetLastError = true)]
    public static extern int open(string path, int flags);

    [DllImport(Library, SetLastError = true)]
    public static extern int openat(SafeHandle directory, string path, int flags, uint mode = 0);

    [DllImport(Library, SetLastError = true)]
    public static extern int mkdirat(SafeHandle directory, string path, uint mode);

    [DllImport(Library)]
    public static extern int posix_spawnattr_init(IntPtr attributes);

    [DllImport(Library)]
    public static extern int posix_spawnattr_destroy(IntPtr attributes);

    [DllImport(Library)]
    public static extern int posix_spawnattr_setflags(IntPtr attributes, short flags);

    [DllImport(Library)]
    public static extern int posix_spawnattr_setsigdefault(IntPtr attributes, IntPtr signals);

    [DllImport(Library)]
    public static extern int posix_spawnattr_setsigmask(IntPtr attributes, IntPtr signals);

    [DllImport(Library)]
    public static extern int sigemptyset(IntPtr set);

    [DllImport(Library)]
    public static extern int sigaddset(IntPtr set, int signal);

    [DllImport(Library, SetLastError = true)]
    public static extern int waitpid(int pid, out int status, int options);

    [DllImport(Library, SetLastError = true)]
    public static extern int kill(int pid, int signal);

    /// <summary>pidfd_open's number, the same on x86-64 and arm64 (the generic table).</summary>
    public const long SYS_pidfd_open = 434;
    public const short POLLIN = 0x1;

    [DllImport(Library, SetLastError = true)]
    public static extern int syscall(long number, int pid, uint flags);

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [DllImport(Library, SetLastError = true)]
    public static extern int poll(ref PollFd fds, nuint count, int timeout);

    [DllImport(Library)]
    public static extern int getpwnam_r(string name, IntPtr passwd, IntPtr buffer, nuint bufferSize, out IntPtr result);

    [DllImport(Library, SetLastError = true)]
    public static extern int fchown(SafeHandle fd, uint uid, uint gid);

    [DllImport(Library)]
    public static extern uint geteuid();

    public const int EFD_CLOEXEC = 0x80000;

    [DllImport(Library, SetLastError = true)]
    public static extern int eventfd(uint initialValue, int flags);

    [DllImport(Library, SetLastError = true)]
    public static extern nint read(int fd, byte[] buffer, nint count);

    [DllImport(Library, SetLastError = true)]
    public static extern int close(int fd);

    private static bool IsArm64 => RuntimeInformation.ProcessArchitecture == Architecture.Arm64;
}
