namespace Mesos.Actors.Containerizer.Fetcher;

/// <summary>The archives the fetcher extracts, told by their file names as Mesos' fetcher tells them.</summary>
internal enum ArchiveFormat
{
    Tar,
    TarGzip,
    TarBzip2,
    TarXz,
    Zip,
}

internal static class ArchiveFormats
{
    private static readonly (string Suffix, ArchiveFormat Format)[] Suffixes =
    [
        (".tar.gz", ArchiveFormat.TarGzip),
        (".tgz", ArchiveFormat.TarGzip),
        (".tar.bz2", ArchiveFormat.TarBzip2),
        (".tbz2", ArchiveFormat.TarBzip2),
        (".tar.xz", ArchiveFormat.TarXz),
        (".txz", ArchiveFormat.TarXz),
        (".tar", ArchiveFormat.Tar),
        (".zip", ArchiveFormat.Zip),
    ];

    /// <summary>The archive a file name says it is; null for anything else, which is left as fetched.</summary>
    public static ArchiveFormat? Of(string fileName) =>
        Suffixes.FirstOrDefault(s => fileName.EndsWith(s.Suffix, StringComparison.OrdinalIgnoreCase)) is { Suffix: not null } match ? match.Format : null;
}
