using System.Collections.Immutable;

namespace Mesos.Host.Marathon.Api;

/// <summary>
/// Marathon's label selector (GET /v2/apps?label=...): comma-separated requirements that must all hold:
/// `key` (present), `!key` (absent), `key==value`, `key!=value`, `key in (a,b)`, `key notin (a,b)`.
/// </summary>
public sealed class LabelSelector
{
    private readonly IReadOnlyList<Func<ImmutableSortedDictionary<string, string>, bool>> _requirements;

    private LabelSelector(IReadOnlyList<Func<ImmutableSortedDictionary<string, string>, bool>> requirements) => _requirements = requirements;

    public bool Matches(ImmutableSortedDictionary<string, string> labels) => _requirements.All(r => r(labels));

    /// <summary>The selector, or null with why the text is not one.</summary>
    public static LabelSelector? TryParse(string text, out string? error)
    {
        error = null;
        var requirements = new List<Func<ImmutableSortedDictionary<string, string>, bool>>();
        foreach (var part in SplitTopLevel(text).Select(p => p.Trim()).Where(p => p.Length > 0))
        {
            if (Parse(part) is { } requirement)
            {
                requirements.Add(requirement);
                continue;
            }
            error = $"Invalid label selector: '{(part.Length > 64 ? part[..64] + "..." : part)}'";
            return null;
        }
        return new LabelSelector(requirements);
    }

    private static Func<ImmutableSortedDictionary<string, string>, bool>? Parse(string part)
    {
        if (part.Split("!=", 2) is [var notKey, var notValue]) return l => l.GetValueOrDefault(notKey.Trim()) != notValue.Trim();
        if (part.Split("==", 2) is [var key, var value]) return l => l.GetValueOrDefault(key.Trim()) == value.Trim();
        foreach (var (op, negate) in new[] { (" notin ", true), (" in ", false) })
        {
            var at = part.IndexOf(op, StringComparison.Ordinal);
            if (at <= 0) continue;
            var set = part[(at + op.Length)..].Trim();
            if (!set.StartsWith('(') || !set.EndsWith(')')) return null;
            var values = set[1..^1].Split(',').Select(v => v.Trim()).ToHashSet(StringComparer.Ordinal);
            var name = part[..at].Trim();
            return l => l.TryGetValue(name, out var v) && values.Contains(v) != negate;
        }
        if (part.StartsWith('!')) return l => !l.ContainsKey(part[1..].Trim());
        return part.Any(char.IsWhiteSpace) || part.Contains('=') ? null : l => l.ContainsKey(part);
    }

    private static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '(') depth++;
            else if (text[i] == ')') depth--;
            else if (text[i] == ',' && depth == 0)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }
        yield return text[start..];
    }
}
