using Mesos.V1;
using Task = System.Threading.Tasks.Task;

namespace Mesos.Actors.Containerizer.Fetcher;

/// <summary>
/// Mesos' fetcher: brings a task's or executor's <c>CommandInfo.uris</c> into its sandbox before it runs.
/// http(s) URLs are downloaded and local paths (absolute, or <c>file://</c>) copied, to
/// <c>output_file</c> or the URI's last path segment; <c>executable</c> makes the file executable,
/// <c>extract</c> (the default) unpacks tar, tar.gz, tgz, tar.bz2, tar.xz and zip archives into the
/// sandbox (<see cref="ArchiveExtractor"/>), and <c>cache</c> goes through the agent's <see cref="FetcherCache"/>.
/// What it does is appended to the sandbox's <c>stderr</c>, where the task's own output follows.
/// </summary>
internal sealed class UriFetcher(FetcherCache cache, HttpClient http)
{
    /// <exception cref="FetchFailedException">A URI could not be fetched; the sandbox's stderr says why too.</exception>
    public async Task FetchAsync(IReadOnlyList<CommandInfo.Types.URI> uris, string sandbox, string? user, CancellationToken cancellationToken)
    {
        if (uris.Count == 0) return;
        await using var log = new StreamWriter(new FileStream(Path.Combine(sandbox, "stderr"), FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        foreach (var uri in uris)
        {
            await log.WriteLineAsync($"Fetching URI '{uri.Value}'");
            try
            {
                await FetchOneAsync(uri, sandbox, user ?? "", log, cancellationToken);
            }
            catch (Exception e) when (e is IOException or HttpRequestException or InvalidDataException or UnauthorizedAccessException
                                          or TaskCanceledException or UriFormatException)
            {
                var message = $"Failed to fetch '{uri.Value}': {e.Message}";
                await log.WriteLineAsync(message);
                throw new FetchFailedException(message, e);
            }
        }
    }

    private async Task FetchOneAsync(CommandInfo.Types.URI uri, string sandbox, string user, StreamWriter log, CancellationToken cancellationToken)
    {
        var source = Source.Of(uri.Value);
        var name = uri.HasOutputFile && uri.OutputFile.Length > 0 ? uri.OutputFile : source.FileName;
        string destination;
        try
        {
            destination = new ExtractionRoot(sandbox).PathOf(name);
        }
        catch (HostileArchiveException)
        {
            throw new InvalidDataException($"the output file '{name}' is not a path inside the sandbox");
        }
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        if (uri.Cache)
        {
            var cached = await cache.CopyAsync($"{user}\n{uri.Value}", (path, ct) => DownloadAsync(source, path, ct), destination, cancellationToken);
            await log.WriteLineAsync(cached ? $"Fetched '{uri.Value}' from the cache to '{destination}'" : $"Fetched '{uri.Value}' into the cache and to '{destination}'");
        }
        else
        {
            await DownloadAsync(source, destination, cancellationToken);
            await log.WriteLineAsync($"Fetched '{uri.Value}' to '{destination}'");
        }
        if (uri.Executable)
        {
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(destination, (UnixFileMode)0x1ED);
        }
        else if (uri.Extract && ArchiveFormats.Of(name) is { } format)
        {
            await ArchiveExtractor.ExtractAsync(destination, format, sandbox, cancellationToken);
            await log.WriteLineAsync($"Extracted '{destination}' into '{sandbox}'");
        }
    }

    private async Task DownloadAsync(Source source, string destination, CancellationToken cancellationToken)
    {
        if (source.Local is { } local)
        {
            await using var file = File.OpenRead(local);
            await using var target = File.Create(destination);
            await file.CopyToAsync(target, cancellationToken);
            return;
        }
        using var response = await http.GetAsync(source.Remote, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"the server answered {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);
        }
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        await using var output = File.Create(destination);
        await body.CopyToAsync(output, cancellationToken);
    }

    /// <summary>Where a URI is fetched from: a local file, or an http(s) URL.</summary>
    private sealed record Source(string? Local, Uri? Remote, string FileName)
    {
        /// <exception cref="InvalidDataException">A URI the fetcher does not take.</exception>
        public static Source Of(string value)
        {
            if (value.StartsWith('/')) return new Source(value, null, NameOf(value, value));
            if (!Uri.TryCreate(value, UriKind.Absolute, out var uri))
            {
                throw new InvalidDataException("not an absolute path nor an http(s) or file URL");
            }
            return uri.Scheme switch
            {
                "http" or "https" => new Source(null, uri, NameOf(value, uri.AbsolutePath)),
                "file" => new Source(uri.LocalPath, null, NameOf(value, uri.LocalPath)),
                _ => throw new InvalidDataException($"the '{uri.Scheme}' scheme is not fetched: use http, https, file or an absolute path"),
            };
        }

        private static string NameOf(string value, string path)
        {
            var name = Uri.UnescapeDataString(path[(path.LastIndexOf('/') + 1)..]);
            if (name.Length == 0 || name is "." or ".." || name.Contains('/'))
            {
                throw new InvalidDataException($"'{value}' names no file: give the URI an output_file");
            }
            return name;
        }
    }
}
