using System.ComponentModel;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Mesos.Actors.Containerizer;

/// <summary>
/// Opens a sandbox under the agent's work directory one component at a time, never following a link:
/// a task may plant a symbolic link where a later sandbox goes (<c>ln -s /elsewhere ../next-task</c>),
/// and a path resolved by name would then put that sandbox, its stdout and its stderr outside the work
/// directory. Each component is opened relative to the one before it (openat with O_NOFOLLOW), so what
/// is decided is what the handle refers to, however the names change meanwhile.
/// </summary>
public static class SandboxDirectory
{
    private const uint DirectoryMode = 0x1ED; // 0755
    private const uint FileMode = 0x1A4; // 0644

    /// <summary>
    /// The directory <paramref name="sandbox"/>, which lies under <paramref name="workDirectory"/> (trusted, as
    /// the operator configured it); with <paramref name="create"/>, the components that are missing are made.
    /// </summary>
    /// <exception cref="IOException">The path leaves the work directory, or a component is a link or no directory.</exception>
    public static SafeFileHandle Open(string workDirectory, string sandbox, bool create)
    {
        var relative = Path.GetRelativePath(workDirectory, sandbox);
        if (Path.IsPathRooted(relative) || relative == ".." || relative.StartsWith("../", StringComparison.Ordinal))
        {
            throw new IOException($"The sandbox {sandbox} is not under the work directory {workDirectory}");
        }
        if (create) Directory.CreateDirectory(workDirectory);
        var current = Opened(Libc.open(workDirectory, Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_CLOEXEC), workDirectory);
        try
        {
            foreach (var component in relative == "." ? [] : relative.Split('/'))
            {
                if (component is "" or "." or "..") throw new IOException($"The sandbox {sandbox} has a component '{component}'");
                if (create && Libc.mkdirat(current, component, DirectoryMode) != 0 && Marshal.GetLastPInvokeError() != Libc.EEXIST)
                {
                    throw Failure($"Failed to create '{component}' of the sandbox {sandbox}");
                }
                var next = Opened(Libc.openat(current, component, Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_NOFOLLOW | Libc.O_CLOEXEC), sandbox, component);
                current.Dispose();
                current = next;
            }
            return current;
        }
        catch
        {
            current.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A file of the sandbox opened to be appended to, as Mesos does (the fetcher's log may be there already),
    /// made when missing; a link there is refused.
    /// </summary>
    public static SafeFileHandle AppendFile(SafeFileHandle sandbox, string name) =>
        Opened(Libc.openat(sandbox, name, Libc.O_WRONLY | Libc.O_CREAT | Libc.O_APPEND | Libc.O_NOFOLLOW | Libc.O_CLOEXEC, FileMode), name);

    private static SafeFileHandle Opened(int fd, string path, string? component = null)
    {
        if (fd >= 0) return new SafeFileHandle(fd, ownsHandle: true);
        var errno = Marshal.GetLastPInvokeError();
        var what = component is null ? $"'{path}'" : $"'{component}' of the sandbox {path}";
        // With O_NOFOLLOW, a link as the last component fails with ELOOP; a link to a file with O_DIRECTORY, ENOTDIR.
        throw errno is Libc.ELOOP or Libc.ENOTDIR
            ? new IOException($"Refusing to open {what}: it is a symbolic link or not a directory")
            : Failure($"Failed to open {what}", errno);
    }

    private static IOException Failure(string message, int? errno = null)
    {
        var error = new Win32Exception(errno ?? Marshal.GetLastPInvokeError());
        return new IOException($"{message}: {error.Message}", error);
    }
}
