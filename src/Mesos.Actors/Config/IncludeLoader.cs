namespace Mesos.Actors.Configuration;

/// <summary>
/// Finds the text of included files, either on disk or through a caller-supplied resolver,
/// and refuses includes that would recurse into a file already being parsed.
/// </summary>
internal sealed class IncludeLoader
{
    private static readonly string[] DefaultExtensions = [".conf", ".json"];

    private readonly Func<string, string?>? _resolver;
    private readonly HashSet<string> _open = new(StringComparer.Ordinal);

    private IncludeLoader(Func<string, string?>? resolver)
    {
        _resolver = resolver;
    }

    public static IncludeLoader FromFiles() => new(null);

    public static IncludeLoader FromResolver(Func<string, string?> resolver) => new(resolver);

    /// <summary>
    /// Looks up <paramref name="name"/> relative to <paramref name="baseDirectory"/>. A name without an
    /// extension also tries the spec's <c>.conf</c> and <c>.json</c> variants.
    /// </summary>
    public IncludedText? Load(string name, string baseDirectory)
    {
        var location = baseDirectory.Length == 0 || Path.IsPathRooted(name) ? name : Path.Combine(baseDirectory, name);
        IEnumerable<string> candidates = Path.HasExtension(location)
            ? [location]
            : [location, .. DefaultExtensions.Select(extension => location + extension)];
        foreach (var candidate in candidates)
        {
            var text = Read(candidate);
            if (text is not null)
            {
                return new IncludedText(candidate, Key(candidate), text, Path.GetDirectoryName(candidate) ?? string.Empty);
            }
        }

        return null;
    }

    /// <summary>Marks a document as being parsed; false when it already is, meaning the include recurses.</summary>
    public bool Open(string key) => _open.Add(key);

    public void Close(string key) => _open.Remove(key);

    public string Key(string location) => _resolver is null ? Path.GetFullPath(location) : location;

    private string? Read(string location) =>
        _resolver is not null ? _resolver(location)
        : File.Exists(location) ? File.ReadAllText(location)
        : null;
}
