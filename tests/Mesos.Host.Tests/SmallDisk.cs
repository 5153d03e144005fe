using System.Diagnostics;

namespace Mesos.Host.Tests;

/// <summary>
/// A small tmpfs mounted on a fresh directory, for tests of what a process does when its disk is full. Mounting needs
/// root: anyone else sees mount's own error.
/// </summary>
internal sealed class SmallDisk : IAsyncDisposable
{
    private SmallDisk(string path) => Path = path;

    public string Path { get; }

    public static async Task<SmallDisk> Mount(string size)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mesos-small-disk-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        await Run("mount", "-t", "tmpfs", "-o", $"size={size}", "tmpfs", path);
        return new SmallDisk(path);
    }

    /// <summary>Writes a file until not one more byte fits; returns its path (deleting it makes room again).</summary>
    public string Fill()
    {
        var path = System.IO.Path.Combine(Path, "filler");
        var chunk = new byte[64 * 1024];
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1);
        for (var size = chunk.Length; size > 0;)
        {
            try
            {
                file.Write(chunk, 0, size);
            }
            catch (IOException)
            {
                // ENOSPC: write less, down to a byte, until not even that fits.
                size /= 2;
            }
        }
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await Run("umount", Path);
        Directory.Delete(Path, recursive: true);
    }

    private static async Task Run(string command, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(command, args) { RedirectStandardError = true, UseShellExecute = false })
            ?? throw new InvalidOperationException($"Could not start {command}");
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{command} {string.Join(' ', args)} failed ({process.ExitCode}): {error}");
    }
}
