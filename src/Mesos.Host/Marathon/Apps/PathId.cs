using System.Text.RegularExpressions;

namespace Mesos.Host.Marathon.Apps;

/// <summary>Marathon's ids: absolute paths of lowercase names (`/prod/web`); a relative id is taken from the root.</summary>
public static partial class PathId
{
    public const string SegmentRule = "^(([a-z0-9]|[a-z0-9][a-z0-9\\-]*[a-z0-9])\\.)*([a-z0-9]|[a-z0-9][a-z0-9\\-]*[a-z0-9])$";
    private const int MaxLength = 500;

    /// <summary>The absolute form of <paramref name="id"/>, or null when one of its names breaks Marathon's rule.</summary>
    public static string? Normalize(string id)
    {
        if (id.Length is 0 or > MaxLength) return null;
        var segments = id.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0 || segments.Any(s => !Segment().IsMatch(s))) return null;
        return "/" + string.Join('/', segments);
    }

    /// <summary>
    /// The absolute form of <paramref name="id"/> read from the group <paramref name="group"/>: an absolute id stays, a
    /// relative one (`db`, `../db`) is taken from the group; null when it breaks Marathon's rule or leaves the root.
    /// </summary>
    public static string? Resolve(string id, string group)
    {
        if (id.StartsWith('/') || id.Length > MaxLength) return Normalize(id);
        var segments = group.Split('/', StringSplitOptions.RemoveEmptyEntries).ToList();
        foreach (var segment in id.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment == ".") continue;
            if (segment == "..")
            {
                if (segments.Count == 0) return null;
                segments.RemoveAt(segments.Count - 1);
                continue;
            }
            segments.Add(segment);
        }
        return segments.Count == 0 ? null : Normalize("/" + string.Join('/', segments));
    }

    /// <summary>The groups that hold an app, innermost last: `/a/b/c` is in `/`, `/a` and `/a/b`.</summary>
    public static IEnumerable<string> Parents(string id)
    {
        yield return "/";
        var at = id.IndexOf('/', 1);
        while (at > 0)
        {
            yield return id[..at];
            at = id.IndexOf('/', at + 1);
        }
    }

    /// <summary>The immediate group of an id.</summary>
    public static string Parent(string id) => id.LastIndexOf('/') is var at and > 0 ? id[..at] : "/";

    /// <summary>Whether <paramref name="id"/> is <paramref name="group"/> or lies inside it.</summary>
    public static bool IsWithin(string id, string group) =>
        group == "/" || id == group || id.StartsWith(group + "/", StringComparison.Ordinal);

    /// <summary>The part of a task id that names its app (`prod_web.&lt;uuid&gt;`).</summary>
    public static string TaskPrefix(string appId) => appId.Trim('/').Replace('/', '_');

    [GeneratedRegex(SegmentRule)]
    private static partial Regex Segment();
}
