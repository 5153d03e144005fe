using Microsoft.AspNetCore.Http;

namespace Mesos.Host.Agent.Files;

/// <summary>What a requested path came to: a real file under a virtual root, or why not.</summary>
internal abstract record Resolution;

/// <param name="Path">Canonical: no symlink, <c>.</c> or <c>..</c> in it.</param>
/// <param name="Root">The canonical directory (or file) of the virtual path it was found under.</param>
/// <param name="VirtualPath">The path as asked, normalized: what listings name entries after.</param>
internal sealed record Resolved(string Path, string Root, string VirtualPath) : Resolution;

/// <param name="Status">400, 403 or 404.</param>
internal sealed record Refused(int Status, string Message) : Resolution;

/// <summary>
/// Turns a path a client asked for into a real path, confined to the virtual path it names. The
/// path is taken as the client sent it, decoded once by HTTP and never again: <c>%2e%2e</c> arrives
/// as <c>..</c> and is refused, <c>%252e</c> stays a literal name. Containment is decided name by
/// name on canonical paths: each next name is resolved with its symlinks, and must still lie within
/// the root's canonical path by whole components (a sibling <c>run10</c> is not within <c>run1</c>).
/// A symlink is therefore followed only as long as it stays inside.
/// </summary>
internal static class SandboxResolver
{
    public static Resolution Resolve(VirtualPaths paths, string? requested)
    {
        if (string.IsNullOrEmpty(requested)) return new Refused(StatusCodes.Status400BadRequest, "Expecting 'path=value' in query.");
        if (requested.Any(char.IsControl)) return new Refused(StatusCodes.Status403Forbidden, "The path holds control characters");
        if (requested.Contains('\\')) return new Refused(StatusCodes.Status403Forbidden, "The path holds a backslash");
        var components = VirtualPaths.Components(requested);
        if (components.Contains("..")) return new Refused(StatusCodes.Status403Forbidden, "The path must not climb with '..'");
        if (paths.Find(components) is not var (realRoot, rest)) return NotFound(requested);

        var root = Posix.RealPath(realRoot);
        if (root is null) return NotFound(requested);
        var current = root;
        foreach (var name in rest)
        {
            var next = Posix.RealPath(Path.Join(current, name));
            if (next is null) return NotFound(requested);
            if (!Contains(root, next)) return new Refused(StatusCodes.Status403Forbidden, $"'{requested}' leads outside its sandbox");
            current = next;
        }
        return new Resolved(current, root, "/" + string.Join('/', components));
    }

    /// <summary>Whether the canonical <paramref name="path"/> is <paramref name="root"/> or lies under it, compared by whole names.</summary>
    public static bool Contains(string root, string path)
    {
        var rootNames = root.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var names = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return names.Length >= rootNames.Length && rootNames.AsSpan().SequenceEqual(names.AsSpan(0, rootNames.Length));
    }

    private static Refused NotFound(string requested) => new(StatusCodes.Status404NotFound, $"No file or directory at '{requested}'");
}
