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
}
