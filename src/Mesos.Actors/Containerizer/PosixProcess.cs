using System.ComponentModel;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Mesos.Actors.Containerizer;

/// <summary>A process spawned as the leader of a new session and process group (or of a new group only), and reaped by its own thread.</summary>
internal static class PosixProcess
{
    /// <summary>
    /// Spawns <paramref name="executable"/> (searched on PATH) with <paramref name="argv"/> in the open directory
    /// <paramref name="sandbox"/>, with stdin from /dev/null and stdout and stderr into files of that directory
    /// (opened here, through the handle, so that no link planted meanwhile decides where they go). With an
    /// <paramref name="owner"/>, the sandbox and the files are given to that user.
    /// </summary>
    /// <param name="newSession">
    /// The process leads a new session (and its process group); else only a new process group, as an exit recorder needs,
    /// since the leader of a session could not leave its group to the command.
    /// </param>
    public static int Spawn(string executable, IReadOnlyList<string> argv, IReadOnlyDictionary<string, string> environment, SafeFileHandle sandbox,
        PosixUser? owner = null, bool newSession = true)
    {
        using var stdout = SandboxDirectory.AppendFile(sandbox, "stdout");
        using var stderr = SandboxDirectory.AppendFile(sandbox, "stderr");
        if (owner is not null)
        {
            foreach (var fd in new[] { sandbox, stdout, stderr })
            {
                if (Libc.fchown(fd, owner.Uid, owner.Gid) != 0)
                {
                    throw new Win32Exception(Marshal.GetLastPInvokeError(), $"Failed to give the sandbox to user '{owner.Name}'");
                }
            }
        }
        var fileActions = Marshal.AllocHGlobal(Libc.FileActionsSize);
        var attributes = Marshal.AllocHGlobal(Libc.SpawnAttrSize);
        var defaults = Marshal.AllocHGlobal(Libc.SigSetSize);
        var mask = Marshal.AllocHGlobal(Libc.SigSetSize);
        try
        {
            Check(Libc.posix_spawn_file_actions_init(fileActions), "posix_spawn_file_actions_init");
            Check(Libc.posix_spawnattr_init(attributes), "posix_spawnattr_init");
            try
            {
                Check(Libc.posix_spawn_file_actions_addfchdir_np(fileActions, sandbox), "chdir");
                Check(Libc.posix_spawn_file_actions_addopen(fileActions, 0, "/dev/null", Libc.O_RDONLY, 0), "open stdin");
                Check(Libc.posix_spawn_file_actions_adddup2(fileActions, stdout, 1), "stdout");
                Check(Libc.posix_spawn_file_actions_adddup2(fileActions, stderr, 2), "stderr");

                // The runtime ignores SIGPIPE and may block signals on the spawning thread; a task must
                // start with every signal at its default and none blocked, as after a plain fork and exec.
                Libc.sigemptyset(defaults);
                for (var signal = 1; signal < 32; signal++)
                {
                    if (signal is not Libc.SIGKILL and not 19) Libc.sigaddset(defaults, signal);
                }
                Libc.sigemptyset(mask);
                Check(Libc.posix_spawnattr_setsigdefault(attributes, defaults), "posix_spawnattr_setsigdefault");
                Check(Libc.posix_spawnattr_setsigmask(attributes, mask), "posix_spawnattr_setsigmask");
                // A new group's id is the process's own pid, which posix_spawnattr_init left as the group to join (0).
                var group = newSession ? Libc.POSIX_SPAWN_SETSID : Libc.POSIX_SPAWN_SETPGROUP;
                Check(Libc.posix_spawnattr_setflags(attributes,
                    (short)(group | Libc.POSIX_SPAWN_SETSIGDEF | Libc.POSIX_SPAWN_SETSIGMASK)), "posix_spawnattr_setflags");

                string?[] args = [.. argv, null];
                string?[] env = [.. environment.Select(e => $"{e.Key}={e.Value}"), null];
                var error = Libc.posix_spawnp(out var pid, executable, fileActions, attributes, args, env);
                if (error != 0) throw new Win32Exception(error, $"Failed to launch '{executable}': {new Win32Exception(error).Message}");
                return pid;
            }
            finally
            {
                Libc.posix_spawnattr_destroy(attributes);
                Libc.posix_spawn_file_actions_destroy(fileActions);
            }
        }
        finally
        {
            Marshal.FreeHGlobal(mask);
            Marshal.FreeHGlobal(defaults);
            Marshal.FreeHGlobal(attributes);
            Marshal.FreeHGlobal(fileActions);
        }
    }

    /// <summary>Completes with how the process ended; a dedicated thread blocks in waitpid, since the runtime does not reap processes it did not start.</summary>
    public static Task<ContainerTermination> WaitAsync(int pid)
    {
        var exited = new TaskCompletionSource<ContainerTermination>(TaskCreationOptions.RunContinuationsAsynchronously);
        var reaper = new Thread(() =>
        {
            try
            {
                exited.SetResult(Wait(pid));
            }
            catch (Exception e)
            {
                exited.SetException(e);
            }
        })
        {
            IsBackground = true,
            Name = $"reaper {pid}",
        };
        reaper.Start();
        return exited.Task;
    }

    /// <summary>
    /// Completes with how a process that is not this one's child ended (one an earlier run of the agent started):
    /// a pidfd tells when it ends, and the exit recorder's file how. A process already gone completes at once.
    /// </summary>
    public static Task<ContainerTermination> WaitForeignAsync(ProcessIdentity process, string? exitStatusFile)
    {
        ContainerTermination Ended() => exitStatusFile is null ? ContainerTermination.Unknown : ExitRecord.Read(exitStatusFile);
        if (!process.IsRunning()) return Task.FromResult(Ended());
        var exited = new TaskCompletionSource<ContainerTermination>(TaskCreationOptions.RunContinuationsAsynchronously);
        var watcher = new Thread(() =>
        {
            try
            {
                AwaitEnd(process);
                exited.SetResult(Ended());
            }
            catch (Exception e)
            {
                exited.SetException(e);
            }
        })
        {
            IsBackground = true,
            Name = $"watcher {process.Pid}",
        };
        watcher.Start();
        return exited.Task;
    }

    private static void AwaitEnd(ProcessIdentity process)
    {
        var fd = Libc.syscall(Libc.SYS_pidfd_open, process.Pid, 0);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno == Libc.ESRCH) return;
            throw new Win32Exception(errno, $"pidfd_open({process.Pid}) failed");
        }
        try
        {
            // Opened after the check: the pid may belong to another process by now, which the start time tells.
            if (!process.IsRunning()) return;
            var poll = new Libc.PollFd { Fd = fd, Events = Libc.POLLIN };
            while (Libc.poll(ref poll, 1, -1) < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno != Libc.EINTR) throw new Win32Exception(errno, $"poll on the pidfd of {process.Pid} failed");
            }
        }
        finally
        {
            _ = Libc.close(fd);
        }
    }

    /// <summary>Signals every process of the group led by <paramref name="pid"/>; false when none is left.</summary>
    public static bool SignalGroup(int pid, int signal) => Libc.kill(-pid, signal) == 0;

    private static ContainerTermination Wait(int pid)
    {
        while (true)
        {
            if (Libc.waitpid(pid, out var status, 0) == pid)
            {
                var termination = status & 0x7f;
                return termination == 0
                    ? ContainerTermination.Exit((status >> 8) & 0xff)
                    : ContainerTermination.KilledBy(termination);
            }
            var errno = Marshal.GetLastPInvokeError();
            if (errno != Libc.EINTR) throw new Win32Exception(errno, $"waitpid({pid}) failed");
        }
    }

    private static void Check(int result, string call)
    {
        if (result != 0) throw new Win32Exception(result, $"{call} failed: {new Win32Exception(result).Message}");
    }
}
