using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Mesos.Actors.Containerizer.Fetcher;

/// <summary>
/// What URIs with <c>cache</c> set fetched, shared by every task of the agent: one download per user and
/// URI while it stays in the cache, which keeps at most <c>--fetcher_cache_size</c> bytes and evicts the
/// least recently used first. A file larger than the whole cache is fetched without being cached.
/// </summary>
internal sealed class FetcherCache
{
    private readonly string _directory;
    private readonly LruIndex _index;
    private readonly Lock _lock = new();
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _fetching = new();

    public FetcherCache(string directory, long capacity)
    {
        _directory = directory;
        _index = new LruIndex(capacity);
        // As Mesos' fetcher: files an earlier run cached are not in this run's index, so they go.
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        Directory.CreateDirectory(directory);
    }

    /// <summary>
    /// Copies the file cached for <paramref name="key"/> to <paramref name="destination"/>, first having
    /// <paramref name="download"/> write it (to the path it is given) when it is not cached.
    /// </summary>
    /// <returns>Whether the file came from the cache.</returns>
    public async Task<bool> CopyAsync(string key, Func<string, CancellationToken, Task> download, string destination, CancellationToken cancellationToken)
    {
        // One fetch of a key at a time: a second task asking for it waits and is served from the cache.
        var gate = _fetching.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            var cached = PathOf(key);
            Stream? hit;
            lock (_lock) hit = _index.Touch(key) ? File.OpenRead(cached) : null;
            if (hit is not null)
            {
                await CopyAsync(hit, destination, cancellationToken);
                return true;
            }
            var part = cached + ".part";
            await download(part, cancellationToken);
            Stream admitted;
            lock (_lock)
            {
                var evicted = _index.Admit(key, new FileInfo(part).Length);
                if (evicted is null)
                {
                    File.Move(part, destination, overwrite: true);
                    return false;
                }
                foreach (var old in evicted) File.Delete(PathOf(old));
                File.Move(part, cached, overwrite: true);
                // Opened while no other fetch can evict it; once open, an eviction does not take it from us.
                admitted = File.OpenRead(cached);
            }
            await CopyAsync(admitted, destination, cancellationToken);
            return false;
        }
        finally
        {
            gate.Release();
        }
    }

    private string PathOf(string key) => Path.Combine(_directory, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))));

    private static async Task CopyAsync(Stream source, string destination, CancellationToken cancellationToken)
    {
        await using (source)
        await using (var target = File.Create(destination))
        {
            await source.CopyToAsync(target, cancellationToken);
        }
    }
}
