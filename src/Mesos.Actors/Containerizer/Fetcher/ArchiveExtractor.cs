using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;

namespace Mesos.Actors.Containerizer.Fetcher;

/// <summary>
/// Extracts tar (plain, gzip, bzip2, xz) and zip archives into a directory, entry by entry, so that none
/// lands outside it (<see cref="ExtractionRoot"/>): absolute names, <c>..</c>, writes through links, and
/// links or hard links that point out are refused, and the extraction fails. Symbolic links are made
/// last and checked again once all are made, as one link can change where another leads. Hard links are
/// made as copies of their file; devices and fifos are refused; set-id bits are dropped.
/// </summary>
internal static class ArchiveExtractor
{
    private const UnixFileMode Permissions = (UnixFileMode)0x1FF;
    private const int UnixFileType = 0xF000;
    private const int UnixSymbolicLink = 0xA000;

    /// <exception cref="HostileArchiveException">An entry that would land outside, or cannot be extracted safely.</exception>
    /// <exception cref="InvalidDataException">Not an archive of that format.</exception>
    public static async Task ExtractAsync(string archive, ArchiveFormat format, string directory, CancellationToken cancellationToken)
    {
        var root = new ExtractionRoot(directory);
        var links = new List<Link>();
        if (format == ArchiveFormat.Zip)
        {
            await ExtractZipAsync(archive, root, links, cancellationToken);
        }
        else
        {
            await ExtractTarAsync(archive, format, root, links, cancellationToken);
        }
        MakeLinks(root, links);
    }

    private static async Task ExtractTarAsync(string archive, ArchiveFormat format, ExtractionRoot root, List<Link> links, CancellationToken cancellationToken)
    {
        await using var decompressed = Decompressed.Open(archive, format, cancellationToken);
        await using var reader = new TarReader(decompressed.Stream);
        while (await reader.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
        {
            switch (entry.EntryType)
            {
                case TarEntryType.Directory:
                    Directory.CreateDirectory(root.PathOf(entry.Name));
                    break;
                case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                    await WriteFileAsync(root.PathOf(entry.Name), entry.DataStream ?? Stream.Null, entry.Mode, cancellationToken);
                    break;
                case TarEntryType.SymbolicLink:
                    links.Add(new Link(entry.Name, root.PathOf(entry.Name), entry.LinkName));
                    break;
                case TarEntryType.HardLink:
                    await CopyHardLinkAsync(root, entry.Name, entry.LinkName, cancellationToken);
                    break;
                case TarEntryType.GlobalExtendedAttributes:
                    break;
                default:
                    throw new HostileArchiveException($"Refused the archive entry '{entry.Name}': a {entry.EntryType} entry is not extracted");
            }
        }
        await decompressed.CompleteAsync(cancellationToken);
    }

    private static async Task ExtractZipAsync(string archive, ExtractionRoot root, List<Link> links, CancellationToken cancellationToken)
    {
        using var zip = ZipFile.OpenRead(archive);
        foreach (var entry in zip.Entries)
        {
            var mode = entry.ExternalAttributes >> 16;
            if (entry.FullName.EndsWith('/') || entry.FullName.EndsWith('\\'))
            {
                Directory.CreateDirectory(root.PathOf(entry.FullName));
            }
            else if ((mode & UnixFileType) == UnixSymbolicLink)
            {
                // Zip keeps a link's target as the entry's content.
                await using var content = entry.Open();
                using var text = new StreamReader(content);
                links.Add(new Link(entry.FullName, root.PathOf(entry.FullName), await text.ReadToEndAsync(cancellationToken)));
            }
            else
            {
                var path = root.PathOf(entry.FullName);
                await using var content = entry.Open();
                await WriteFileAsync(path, content, mode == 0 ? (UnixFileMode)0x1A4 : (UnixFileMode)mode, cancellationToken);
            }
        }
    }

    private static async Task WriteFileAsync(string path, Stream content, UnixFileMode mode, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using (var file = new FileStream(path, FileMode.Create, FileAccess.Write)) await content.CopyToAsync(file, cancellationToken);
        // Only the permission bits: never set-user-id, set-group-id or sticky from an archive.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, mode & Permissions);
    }

    private static async Task CopyHardLinkAsync(ExtractionRoot root, string name, string target, CancellationToken cancellationToken)
    {
        string source;
        try
        {
            source = root.PathOf(target);
        }
        catch (HostileArchiveException e)
        {
            throw new HostileArchiveException($"Refused the archive entry '{name}': its hard link target is refused ({e.Message})");
        }
        if (!File.Exists(source) || (File.GetAttributes(source) & FileAttributes.ReparsePoint) != 0)
        {
            throw new HostileArchiveException($"Refused the archive entry '{name}': its hard link target '{target}' is not a file extracted before it");
        }
        var path = root.PathOf(name);
        await using var content = File.OpenRead(source);
        await WriteFileAsync(path, content, OperatingSystem.IsWindows() ? (UnixFileMode)0x1A4 : File.GetUnixFileMode(source), cancellationToken);
    }

    private static void MakeLinks(ExtractionRoot root, List<Link> links)
    {
        var made = new List<string>();
        try
        {
            foreach (var link in links)
            {
                var path = root.PathOf(link.Name);
                root.CheckLink(link.Name, path, link.Target);
                if (File.Exists(path) || Directory.Exists(path))
                {
                    throw new HostileArchiveException($"Refused the archive entry '{link.Name}': a link where the archive already put a file");
                }
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.CreateSymbolicLink(path, link.Target);
                made.Add(path);
            }
            foreach (var link in links) root.CheckLink(link.Name, link.Path, link.Target);
        }
        catch (HostileArchiveException)
        {
            foreach (var path in made) File.Delete(path);
            throw;
        }
    }

    private sealed record Link(string Name, string Path, string Target);

    /// <summary>
    /// The tar stream of an archive: read as it is, through gzip, or through the machine's bzip2 or xz
    /// (the platform reads neither); a decompressor that fails says so when the stream is complete.
    /// </summary>
    private sealed class Decompressed : IAsyncDisposable
    {
        private readonly Stream _file;
        private readonly Process? _process;
        private readonly Task<string>? _errors;

        private Decompressed(Stream file, Stream stream, Process? process, Task<string>? errors)
        {
            _file = file;
            Stream = stream;
            _process = process;
            _errors = errors;
        }

        public Stream Stream { get; }

        public static Decompressed Open(string archive, ArchiveFormat format, CancellationToken cancellationToken)
        {
            var file = File.OpenRead(archive);
            switch (format)
            {
                case ArchiveFormat.Tar:
                    return new Decompressed(file, file, null, null);
                case ArchiveFormat.TarGzip:
                    return new Decompressed(file, new GZipStream(file, CompressionMode.Decompress), null, null);
                default:
                    file.Dispose();
                    var program = format == ArchiveFormat.TarBzip2 ? "bzip2" : "xz";
                    var start = new ProcessStartInfo(program, ["-dc", "--", archive])
                    {
                        RedirectStandardOutput = true,
                        RedirectStandardError = true,
                        UseShellExecute = false,
                    };
                    Process process;
                    try
                    {
                        process = Process.Start(start) ?? throw new InvalidDataException($"Could not start {program}");
                    }
                    catch (System.ComponentModel.Win32Exception e)
                    {
                        throw new InvalidDataException($"Cannot extract {Path.GetFileName(archive)}: {program} is not on this agent's PATH ({e.Message})");
                    }
                    return new Decompressed(Stream.Null, process.StandardOutput.BaseStream, process, process.StandardError.ReadToEndAsync(cancellationToken));
            }
        }

        /// <exception cref="InvalidDataException">The decompressor failed.</exception>
        public async Task CompleteAsync(CancellationToken cancellationToken)
        {
            if (_process is null) return;
            await Stream.CopyToAsync(Stream.Null, cancellationToken);
            await _process.WaitForExitAsync(cancellationToken);
            if (_process.ExitCode != 0) throw new InvalidDataException($"{_process.StartInfo.FileName} failed: {(await _errors!).Trim()}");
        }

        public async ValueTask DisposeAsync()
        {
            await Stream.DisposeAsync();
            await _file.DisposeAsync();
            if (_process is null) return;
            if (!_process.HasExited) _process.Kill();
            _process.Dispose();
        }
    }
}
