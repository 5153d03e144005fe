using Mesos.Actors.Allocator.Compact;

namespace Mesos.Actors.Allocator.Filters;

/// <summary>
/// The offer filters on one agent, in an array of structs. Frameworks that decline the same leftover
/// refuse equal bundles; storing one shared bundle for them lets a filter check be answered once for all.
/// </summary>
internal sealed class AgentFilters
{
    private OfferFilter[] _items = [];
    private Bundle? _lastRefused;

    public int Count { get; private set; }

    public Span<OfferFilter> Items => _items.AsSpan(0, Count);

    public void Add(int client, int generation, long expiresAt, Bundle refused)
    {
        if (_lastRefused is not null && _lastRefused.SameAs(refused)) refused = _lastRefused;
        else _lastRefused = refused;
        if (Count == _items.Length) Array.Resize(ref _items, Math.Max(4, Count * 2));
        _items[Count++] = new OfferFilter { Client = client, Generation = generation, ExpiresAt = expiresAt, Refused = refused, Next = -1 };
    }

    /// <summary>Removes the filter at <paramref name="index"/> by moving the last one there.</summary>
    public void RemoveAt(int index)
    {
        _items[index] = _items[--Count];
        _items[Count] = default;
    }

    public void Clear()
    {
        _items = [];
        _lastRefused = null;
        Count = 0;
    }
}
