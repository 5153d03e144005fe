namespace Mesos.Actors.Containerizer.Fetcher;

/// <summary>
/// The directory an archive is extracted into, deciding on path components, never on string prefixes,
/// where each entry lands. Entries are written only along real directories inside it: an absolute name,
/// a <c>..</c> component, or a component that is a symbolic link is refused. A symbolic link the archive
/// makes must resolve inside it, following the links already there as the kernel would.
/// </summary>
internal sealed class ExtractionRoot
{
    private const int MaxLinkHops = 40;

    private readonly string _root;

    /// <param name="directory">An existing directory; what leads to it is trusted, as the agent made it.</param>
    public ExtractionRoot(string directory) => _root = Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar);

    public string Directory => _root;

    /// <summary>Where the entry <paramref name="name"/> is written.</summary>
    /// <exception cref="HostileArchiveException">It would be written outside, or through a link.</exception>
    public string PathOf(string name)
    {
        var current = _root;
        foreach (var part in Components(name))
        {
            if (part == "..") throw Refused(name, "it climbs out with '..'");
            current = Path.Combine(current, part);
            if (IsLink(current)) throw Refused(name, "it goes through the symbolic link " + Relative(current));
        }
        return current;
    }

    /// <summary>Checks that the symbolic link at <paramref name="linkPath"/> (inside) to <paramref name="target"/> resolves inside.</summary>
    /// <exception cref="HostileArchiveException">The link points outside, or loops.</exception>
    public void CheckLink(string entryName, string linkPath, string target)
    {
        if (target.Length == 0) throw Refused(entryName, "its link target is empty");
        if (Path.IsPathRooted(target) || target.StartsWith('\\')) throw Refused(entryName, $"its link target '{target}' is an absolute path");
        var parent = Path.GetDirectoryName(linkPath) ?? _root;
        var stack = new List<string>(Components(Relative(parent)));
        var pending = new LinkedList<string>(Components(target));
        var hops = 0;
        while (pending.First is { } next)
        {
            pending.RemoveFirst();
            if (next.Value == "..")
            {
                if (stack.Count == 0) throw Refused(entryName, $"its link target '{target}' points outside");
                stack.RemoveAt(stack.Count - 1);
                continue;
            }
            stack.Add(next.Value);
            var path = Path.Combine([_root, .. stack]);
            if (!IsLink(path)) continue;
            if (++hops > MaxLinkHops) throw Refused(entryName, $"its link target '{target}' loops");
            var linked = new FileInfo(path).LinkTarget ?? "";
            if (Path.IsPathRooted(linked)) throw Refused(entryName, $"its link target '{target}' points outside through '{linked}'");
            stack.RemoveAt(stack.Count - 1);
            foreach (var part in Components(linked).Reverse()) pending.AddFirst(part);
        }
    }

    /// <summary>The name's components; a leading './' and empty or '.' components are dropped.</summary>
    /// <exception cref="HostileArchiveException">An absolute name, or one with a NUL.</exception>
    private IEnumerable<string> Components(string name)
    {
        if (name.Contains('\0')) throw Refused(name, "it holds a NUL character");
        if (name.StartsWith('/') || name.StartsWith('\\') || (name.Length > 1 && name[1] == ':')) throw Refused(name, "it is an absolute path");
        // Archives made on Windows separate with '\': read as a separator, never as part of a name.
        return name.Split(['/', '\\'], StringSplitOptions.RemoveEmptyEntries).Where(part => part != ".");
    }

    private string Relative(string path) => Path.GetRelativePath(_root, path);

    /// <summary>Whether the path itself (not what it points to) is a symbolic link, dangling or not.</summary>
    private static bool IsLink(string path)
    {
        try
        {
            return (File.GetAttributes(path) & FileAttributes.ReparsePoint) != 0;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }
    }

    private static HostileArchiveException Refused(string name, string why) => new($"Refused the archive entry '{name}': {why}");
}
