using System.Text;

namespace Mesos.Actors.Configuration;

/// <summary>
/// Path expressions such as <c>a.b."c.d"</c>. Paths are tokenized like keys so quoting rules
/// are identical in keys, substitutions and the <see cref="Config"/> getters.
/// </summary>
internal static class ConfigPath
{
    /// <summary>Parses a path given to the public API; any problem is a <see cref="ConfigException"/>.</summary>
    public static IReadOnlyList<string> Parse(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        List<Token> tokens;
        try
        {
            tokens = Tokenizer.Tokenize(path, "<path>");
        }
        catch (HoconParseException e)
        {
            throw new ConfigException($"Invalid path '{path}': {e.Reason}");
        }

        return FromTokens(tokens.Where(t => t.Kind != TokenKind.End).ToList(), out var error)
            ?? throw new ConfigException($"Invalid path '{path}': {error}");
    }

    /// <summary>Builds path segments from key tokens; unquoted text splits on dots, quoted text never does.</summary>
    public static IReadOnlyList<string>? FromTokens(IReadOnlyList<Token> tokens, out string error)
    {
        var first = 0;
        var last = tokens.Count - 1;
        while (first <= last && tokens[first].Kind == TokenKind.Whitespace)
        {
            first++;
        }

        while (last >= first && tokens[last].Kind == TokenKind.Whitespace)
        {
            last--;
        }

        if (first > last)
        {
            error = "path is empty";
            return null;
        }

        var segments = new List<string>();
        var current = new StringBuilder();
        var currentHasContent = false;
        for (var i = first; i <= last; i++)
        {
            var token = tokens[i];
            switch (token.Kind)
            {
                case TokenKind.Whitespace:
                    current.Append(token.Text);
                    break;
                case TokenKind.QuotedString:
                    current.Append(token.Text);
                    currentHasContent = true;
                    break;
                case TokenKind.Unquoted:
                    var parts = token.Text.Split('.');
                    for (var p = 0; p < parts.Length; p++)
                    {
                        if (p > 0)
                        {
                            if (!currentHasContent)
                            {
                                error = "path has an empty element (use quotes for keys containing '.')";
                                return null;
                            }

                            segments.Add(current.ToString());
                            current.Clear();
                            currentHasContent = false;
                        }

                        current.Append(parts[p]);
                        currentHasContent |= parts[p].Length > 0;
                    }

                    break;
                default:
                    error = $"unexpected {token.Describe()} in path";
                    return null;
            }
        }

        if (!currentHasContent)
        {
            error = "path has an empty element (use quotes for keys containing '.')";
            return null;
        }

        segments.Add(current.ToString());
        error = string.Empty;
        return segments;
    }

    public static string Render(IEnumerable<string> segments) => string.Join('.', segments.Select(RenderKey));

    public static string RenderKey(string key) =>
        key.Length > 0 && key.All(c => char.IsLetterOrDigit(c) || c is '-' or '_')
            ? key
            : HoconRenderer.Quote(key);

    public static bool StartsWith(IReadOnlyList<string> path, IReadOnlyList<string> prefix) =>
        path.Count >= prefix.Count && path.Take(prefix.Count).SequenceEqual(prefix, StringComparer.Ordinal);
}
