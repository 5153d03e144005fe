using System.Runtime.InteropServices;

namespace Mesos.Actors.Containerizer;

/// <summary>A user of this machine, as its password database knows it.</summary>
internal sealed record PosixUser(string Name, uint Uid, uint Gid)
{
    // struct passwd on 64-bit glibc: two pointers (name, password), then uid and gid.
    private const int PasswdSize = 64;
    private const int UidOffset = 16;
    private const int GidOffset = 20;
    private const int BufferSize = 16 << 10;

    /// <summary>The user named <paramref name="name"/>.</summary>
    /// <exception cref="IOException">No such user (or a name no user can have).</exception>
    public static PosixUser Find(string name)
    {
        if (name.Length == 0 || name.Contains('\0', StringComparison.Ordinal)) throw new IOException($"Failed to find user '{name}'");
        var passwd = Marshal.AllocHGlobal(PasswdSize);
        var buffer = Marshal.AllocHGlobal(BufferSize);
        try
        {
            var error = Libc.getpwnam_r(name, passwd, buffer, BufferSize, out var found);
            if (error != 0 || found == IntPtr.Zero) throw new IOException($"Failed to find user '{name}'" + (error != 0 ? $": {new System.ComponentModel.Win32Exception(error).Message}" : ""));
            return new PosixUser(name, (uint)Marshal.ReadInt32(passwd, UidOffset), (uint)Marshal.ReadInt32(passwd, GidOffset));
        }
        finally
        {
            Marshal.FreeHGlobal(buffer);
            Marshal.FreeHGlobal(passwd);
        }
    }
}
