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
