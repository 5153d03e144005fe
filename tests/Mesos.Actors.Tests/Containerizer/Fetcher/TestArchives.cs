using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace Mesos.Actors.Tests.Containerizer.Fetcher;

/// <summary>Tar archives written entry by entry, hostile ones included: nothing checks the names it is given.</summary>
internal sealed class TarBuilder
{
    private readonly MemoryStream _stream = new();
    private readonly TarWriter _writer;

    public TarBuilder() => _writer = new TarWriter(_stream, TarEntryFormat.Pax, leaveOpen: true);

    public TarBuilder File(string name, string content, UnixFileMode mode = (UnixFileMode)0x1A4) =>
        Write(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)), Mode = mode });

    public TarBuilder Directory(string name) => Write(new PaxTarEntry(TarEntryType.Directory, name) { Mode = (UnixFileMode)0x1ED });

    public TarBuilder Symlink(string name, string target) => Write(new PaxTarEntry(TarEntryType.SymbolicLink, name) { LinkName = target });

    public TarBuilder HardLink(string name, string target) => Write(new PaxTarEntry(TarEntryType.HardLink, name) { LinkName = target });

    public TarBuilder Device(string name) => Write(new PaxTarEntry(TarEntryType.CharacterDevice, name) { DeviceMajor = 1, DeviceMinor = 3 });

    public byte[] Bytes()
    {
        _writer.Dispose();
        return _stream.ToArray();
    }

    private TarBuilder Write(TarEntry entry)
    {
        _writer.WriteEntry(entry);
        return this;
    }
}

/// <summary>Zip archives entry by entry; a symbolic link is an entry with the link's unix mode and its target as content, as Info-ZIP writes one.</summary>
internal sealed class ZipBuilder
{
    private readonly MemoryStream _stream = new();
    private readonly ZipArchive _zip;

    public ZipBuilder() => _zip = new ZipArchive(_stream, ZipArchiveMode.Create, leaveOpen: true);

    public ZipBuilder File(string name, string content, int mode = 0x81A4) => Entry(name, content, mode);

    public ZipBuilder Symlink(string name, string target) => Entry(name, target, 0xA1FF);

    public byte[] Bytes()
    {
        _zip.Dispose();
        return _stream.ToArray();
    }

    private ZipBuilder Entry(string name, string content, int mode)
    {
        var entry = _zip.CreateEntry(name);
        entry.ExternalAttributes = mode << 16;
        using var stream = entry.Open();
        stream.Write(Encoding.UTF8.GetBytes(content));
        return this;
    }
}

internal static class Compression
{
    public static byte[] Gzip(byte[] tar)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest)) gzip.Write(tar);
        return output.ToArray();
    }

    /// <summary>Compressed by the machine's bzip2 or xz, as archives made elsewhere are.</summary>
    public static byte[] With(string program, byte[] tar)
    {
        var start = new ProcessStartInfo(program, ["-c"]) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        using var output = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(output);
        process.StandardInput.BaseStream.Write(tar);
        process.StandardInput.Close();
        copy.Wait();
        process.WaitForExit();
        return output.ToArray();
    }
}
