using System.Text.RegularExpressions;
using Akka.Configuration;
using Akka.Configuration.Hocon;

namespace Mesos.Host.Cli.Flags;

/// <summary>
/// A --config file, read by Akka's HOCON parser. Akka's parser reads almost any text without a word:
/// an unclosed brace, a key without a value, a stray bracket all give a tree, and a setting the user
/// wrote then silently keeps its default. What it would misread is refused here, with the line where
/// it can be told: optional substitutions (<c>${?X}</c>) corrupt the tree that follows them (environment
/// variables are the flag layer's, MESOS_&lt;FLAG&gt;), includes (without a loader Akka throws a
/// NullReferenceException on them, and it reads <c>include required(...)</c> as a key), unbalanced braces,
/// brackets and quotes, and keys left without a value.
/// </summary>
internal static partial class HoconFile
{
    public static Config Parse(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException e)
        {
            throw new ConfigurationException(e.Message);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new ConfigurationException(e.Message);
        }
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (OptionalSubstitution().IsMatch(lines[i]))
            {
                throw new ConfigurationException($"line {i + 1}: optional substitutions (${{?...}}) are not supported; set MESOS_<FLAG> or the flag instead");
            }
            if (Include().IsMatch(lines[i]))
            {
                throw new ConfigurationException($"line {i + 1}: includes are not supported; put the settings in this file");
            }
        }
        CheckNesting(text);
        var config = ConfigurationFactory.ParseString(text);
        if (KeyWithoutValue(config.Root, "") is { } key)
        {
            throw new ConfigurationException($"'{key}' has no value");
        }
        return config;
    }

    /// <summary>Every brace, bracket and quoted string closes, outside comments; the first that does not is reported with its line.</summary>
    private static void CheckNesting(string text)
    {
        var open = new Stack<(char Bracket, int Line)>();
        var line = 1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '\n':
                    line++;
                    break;
                case '#':
                case '/' when i + 1 < text.Length && text[i + 1] == '/':
                    while (i + 1 < text.Length && text[i + 1] != '\n') i++;
                    break;
                case '"':
                    var closed = SkipQuoted(text, i, line);
                    line += text.AsSpan(i, closed - i).Count('\n');
                    i = closed;
                    break;
                case '{' or '[':
                    open.Push((c, line));
                    break;
                case '}' or ']':
                    var expected = c == '}' ? '{' : '[';
                    if (open.Count == 0) throw new ConfigurationException($"line {line}: '{c}' closes nothing");
                    var (bracket, openedAt) = open.Pop();
                    if (bracket != expected) throw new ConfigurationException($"line {line}: '{c}' cannot close the '{bracket}' of line {openedAt}");
                    break;
            }
        }
        if (open.Count > 0)
        {
            var (bracket, openedAt) = open.Peek();
            throw new ConfigurationException($"line {openedAt}: '{bracket}' is never closed");
        }
    }

    /// <summary>The index of the quote that closes the string (or triple-quoted string) opened at <paramref name="start"/>.</summary>
    private static int SkipQuoted(string text, int start, int line)
    {
        if (string.CompareOrdinal(text, start, "\"\"\"", 0, 3) == 0)
        {
            var end = text.IndexOf("\"\"\"", start + 3, StringComparison.Ordinal);
            if (end < 0) throw new ConfigurationException($"line {line}: a \"\"\" string is never closed");
            return end + 2;
        }
        for (var i = start + 1; i < text.Length; i++)
        {
            if (text[i] == '\\') i++;
            else if (text[i] == '"') return i;
            else if (text[i] == '\n') break;
        }
        throw new ConfigurationException($"line {line}: a quoted string is never closed");
    }

    /// <summary>The path of the first key the parser left without a value ("a = ", "a : : 1", "a b c"), or null.</summary>
    private static string? KeyWithoutValue(HoconValue value, string path)
    {
        if (value.IsEmpty) return path;
        if (!value.IsObject()) return null;
        foreach (var (key, child) in value.GetObject().Items)
        {
            if (KeyWithoutValue(child, path.Length == 0 ? key : path + "." + key) is { } found) return found;
        }
        return null;
    }

    [GeneratedRegex(@"\$\{\?")]
    private static partial Regex OptionalSubstitution();

    // "include" followed by what it includes; "include = 1" and "include { ... }" are keys named include.
    [GeneratedRegex(@"^\s*include\s+[^\s=:{]")]
    private static partial Regex Include();
}
