using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Win32.SafeHandles;

namespace Mesos.Host.Agent.Files;

/// <summary>An entry of a listing, named by its virtual path.</summary>
internal sealed record FileEntry(string Path, FileStat Stat, string Owner, string Group);

/// <summary>A piece of a file: its bytes from <paramref name="Offset"/> on, and the file's size when read.</summary>
internal sealed record FileChunk(byte[] Data, long Offset, long Size);

/// <summary>A file opened to download, with the name to save it under.</summary>
internal sealed record OpenedFile(FileStream Stream, string Name);

/// <summary>
/// What /files/* and LIST_FILES / READ_FILE do: list a directory, read a piece of a file, open a file
/// to download, each confined by <see cref="SandboxResolver"/>. A file is opened first and checked
/// after, by where the kernel says the open file is: a task that swaps a directory for a symlink
/// between the check and the open gets a refusal, never the file outside. Only regular files are read
/// (a FIFO or a device in a sandbox would block or never end).
/// </summary>
internal static class SandboxFiles
{
    /// <summary>Mesos reads at most 16 pages at a time.</summary>
    public const long MaxReadLength = 16 * 4096;

    public static Resolution Browse(VirtualPaths paths, string? path, out IReadOnlyList<FileEntry> entries)
    {
        entries = [];
        var resolution = SandboxResolver.Resolve(paths, path);
        if (resolution is not Resolved resolved) return resolution;
        using var handle = OpenConfined(resolved, out var stat, out var refused);
        if (handle is null) return refused!;
        if (!stat!.IsDirectory)
        {
            entries = [Entry(resolved.VirtualPath, stat)];
            return resolved;
        }
        var listing = new List<FileEntry>();
        // The open directory is read through its descriptor, so what is listed is what was checked.
        foreach (var name in Directory.EnumerateFileSystemEntries($"/proc/self/fd/{handle.DangerousGetHandle()}").Select(Path.GetFileName))
        {
            if (name is null || Posix.StatEntry(handle, name) is not { } entry) continue;
            if (entry.IsSymlink && Posix.RealPath(Path.Join(resolved.Path, name)) is { } target
                && SandboxResolver.Contains(resolved.Root, target) && Posix.Open(target) is { } linked)
            {
                // A symlink that stays inside shows what it points to, so that a linked directory can be browsed.
                using (linked)
                {
                    if (Posix.PathOf(linked) is { } opened && SandboxResolver.Contains(resolved.Root, opened)) entry = Posix.Stat(linked) ?? entry;
                }
            }
            listing.Add(Entry($"{resolved.VirtualPath.TrimEnd('/')}/{name}", entry));
        }
        entries = [.. listing.OrderBy(e => e.Path, StringComparer.Ordinal)];
        return resolved;
    }

    /// <summary>Reads up to <paramref name="length"/> bytes (at most <see cref="MaxReadLength"/>) from <paramref name="offset"/>; an offset of -1 asks only for the size.</summary>
    public static Resolution Read(VirtualPaths paths, string? path, long offset, long? length, out FileChunk? chunk)
    {
        chunk = null;
        if (offset < -1) return new Refused(StatusCodes.Status400BadRequest, "Negative offset provided");
        if (length is < 0) return new Refused(StatusCodes.Status400BadRequest, "Negative length provided");
        var resolution = OpenFile(paths, path, "read", out var handle, out var stat);
        if (handle is null) return resolution;
        using (handle)
        {
            var size = stat!.Size;
            if (offset == -1)
            {
                chunk = new FileChunk([], size, size);
                return resolution;
            }
            var start = Math.Min(offset, size);
            var buffer = new byte[Math.Min(Math.Min(length ?? MaxReadLength, MaxReadLength), size - start)];
            var read = 0;
            while (read < buffer.Length)
            {
                var n = RandomAccess.Read(handle, buffer.AsSpan(read), start + read);
                if (n == 0) break;
                read += n;
            }
            chunk = new FileChunk(buffer[..read], start, size);
            return resolution;
        }
    }

    public static Resolution Download(VirtualPaths paths, string? path, out OpenedFile? file)
    {
        file = null;
        var resolution = OpenFile(paths, path, "download", out var handle, out _);
        if (handle is null) return resolution;
        file = new OpenedFile(new FileStream(handle, FileAccess.Read), Path.GetFileName(((Resolved)resolution).Path));
        return resolution;
    }

    /// <summary>
    /// The text of a chunk for JSON, which carries a string: UTF-8, without a character cut at the end
    /// (its bytes come with the next read), so that offset plus the text's UTF-8 length is where to read on.
    /// </summary>
    public static string Text(FileChunk chunk)
    {
        var data = chunk.Data.AsSpan();
        var end = data.Length;
        // Back up over continuation bytes to the start of the last character; keep it only if it is whole.
        var start = end;
        while (start > 0 && end - start < 4 && (data[start - 1] & 0xC0) == 0x80) start--;
        if (start > 0)
        {
            var lead = data[start - 1];
            var needed = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
            if (end - (start - 1) < needed) end = start - 1;
        }
        return Encoding.UTF8.GetString(data[..end]);
    }

    private static Resolution OpenFile(VirtualPaths paths, string? path, string verb, out SafeFileHandle? handle, out FileStat? stat)
    {
        handle = null;
        stat = null;
        var resolution = SandboxResolver.Resolve(paths, path);
        if (resolution is not Resolved resolved) return resolution;
        var opened = OpenConfined(resolved, out stat, out var refused);
        if (opened is null) return refused!;
        if (stat!.IsDirectory || !stat.IsRegularFile)
        {
            opened.Dispose();
            return new Refused(StatusCodes.Status400BadRequest, stat.IsDirectory ? $"Cannot {verb} a directory" : $"Cannot {verb} '{path}': not a regular file");
        }
        handle = opened;
        return resolution;
    }

    private static SafeFileHandle? OpenConfined(Resolved resolved, out FileStat? stat, out Refused? refused)
    {
        stat = null;
        refused = null;
        var handle = Posix.Open(resolved.Path);
        if (handle is null)
        {
            refused = new Refused(StatusCodes.Status404NotFound, $"'{resolved.VirtualPath}' cannot be opened");
            return null;
        }
        if (Posix.PathOf(handle) is not { } opened || !SandboxResolver.Contains(resolved.Root, opened) || Posix.Stat(handle) is not { } found)
        {
            handle.Dispose();
            refused = new Refused(StatusCodes.Status403Forbidden, $"'{resolved.VirtualPath}' leads outside its sandbox");
            return null;
        }
        stat = found;
        return handle;
    }

    private static FileEntry Entry(string path, FileStat stat) => new(path, stat, UserNames.User(stat.Uid), UserNames.Group(stat.Gid));
}
