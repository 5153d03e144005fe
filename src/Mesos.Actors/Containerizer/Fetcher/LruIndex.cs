namespace Mesos.Actors.Containerizer.Fetcher;

/// <summary>
/// Which cached files the fetcher keeps: entries by key and size, the least recently used evicted first
/// so that their sizes add up to no more than the capacity. Decides only; the cache deletes the files.
/// </summary>
internal sealed class LruIndex(long capacity)
{
    private readonly LinkedList<(string Key, long Size)> _byUse = new();
    private readonly Dictionary<string, LinkedListNode<(string Key, long Size)>> _entries = [];

    public long Capacity => capacity;

    public long Used { get; private set; }

    /// <summary>Whether the key is held; if so it becomes the most recently used.</summary>
    public bool Touch(string key)
    {
        if (!_entries.TryGetValue(key, out var node)) return false;
        _byUse.Remove(node);
        _byUse.AddFirst(node);
        return true;
    }

    /// <summary>
    /// Admits an entry as the most recently used, and returns the keys evicted to make room; null (and
    /// nothing evicted) when the entry alone is larger than the capacity.
    /// </summary>
    public IReadOnlyList<string>? Admit(string key, long size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        if (size > capacity) return null;
        Remove(key);
        var evicted = new List<string>();
        while (Used + size > capacity && _byUse.Last is { } oldest)
        {
            evicted.Add(oldest.Value.Key);
            Remove(oldest.Value.Key);
        }
        _entries[key] = _byUse.AddFirst((key, size));
        Used += size;
        return evicted;
    }

    public void Remove(string key)
    {
        if (!_entries.Remove(key, out var node)) return;
        _byUse.Remove(node);
        Used -= node.Value.Size;
    }
}
