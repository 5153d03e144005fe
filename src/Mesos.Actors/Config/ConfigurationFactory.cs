namespace Mesos.Actors.Configuration;

/// <summary>Entry points that parse HOCON text or files into a resolved <see cref="Config"/>.</summary>
public static class ConfigurationFactory
{
    /// <summary>Parses text; relative includes are read from the current directory.</summary>
    public static Config ParseString(string text) => ParseString(text, null);

    /// <param name="text">HOCON document.</param>
    /// <param name="originName">Name used in error messages; when it is a path, relative includes are read next to it.</param>
    /// <param name="includeResolver">
    /// Returns the text of an included file, or null when it does not exist; replaces reading from disk.
    /// </param>
    public static Config ParseString(string text, string? originName, Func<string, string?>? includeResolver = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var origin = originName ?? SourcePosition.StringOrigin;
        if (includeResolver is not null)
        {
            return Parse(text, origin, string.Empty, IncludeLoader.FromResolver(includeResolver), null);
        }

        var directory = originName is null ? null : Path.GetDirectoryName(originName);
        var baseDirectory = string.IsNullOrEmpty(directory) ? Directory.GetCurrentDirectory() : Path.GetFullPath(directory);
        return Parse(text, origin, baseDirectory, IncludeLoader.FromFiles(), null);
    }

    /// <summary>Parses a file; relative includes are read from the file's directory.</summary>
    public static Config ParseFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new ConfigException($"Config file '{path}' does not exist");
        }

        var loader = IncludeLoader.FromFiles();
        return Parse(File.ReadAllText(fullPath), path, Path.GetDirectoryName(fullPath) ?? string.Empty, loader, loader.Key(fullPath));
    }

    private static Config Parse(string text, string origin, string baseDirectory, IncludeLoader loader, string? documentKey)
    {
        if (documentKey is not null)
        {
            loader.Open(documentKey);
        }

        var root = HoconParser.Parse(text, origin, baseDirectory, loader);
        return new Config(SubstitutionResolver.Resolve(root));
    }
}
