namespace Mesos.Actors.Allocator.Compact;

/// <summary>A reusable list of amounts, so that building a candidate offer allocates nothing.</summary>
internal sealed class AmountBuffer
{
    private Amount[] _items = new Amount[8];

    public int Count { get; private set; }

    public ReadOnlySpan<Amount> Span => _items.AsSpan(0, Count);

    public void Clear() => Count = 0;

    public void Add(in Amount amount)
    {
        if (Count == _items.Length) Array.Resize(ref _items, Count * 2);
        _items[Count++] = amount;
    }

    public Bundle ToBundle() => Bundle.Of(Span);

    /// <summary>
    /// Sorts by kind (an insertion sort: a resource set has a handful of kinds) and combines amounts of
    /// the same kind, as two keys that differ only by allocation info are one kind.
    /// </summary>
    public void SortByKind()
    {
        for (var i = 1; i < Count; i++)
        {
            var amount = _items[i];
            var j = i - 1;
            while (j >= 0 && _items[j].Kind.Id > amount.Kind.Id)
            {
                _items[j + 1] = _items[j];
                j--;
            }

            _items[j + 1] = amount;
        }

        var n = 0;
        for (var i = 0; i < Count; i++)
        {
            if (n > 0 && _items[n - 1].Kind == _items[i].Kind) _items[n - 1] = _items[n - 1].Plus(_items[i]);
            else _items[n++] = _items[i];
        }

        Count = n;
    }
}
