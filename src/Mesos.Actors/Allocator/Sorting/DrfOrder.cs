namespace Mesos.Actors.Allocator.Sorting;

/// <summary>
/// Entries kept sorted by their <see cref="DrfKeys"/>, in a ring. A change of one entry's key moves
/// that entry alone: binary search, then the shorter side shifts by one. An allocation sends the
/// first entry toward the end and a recovery sends the last toward the front, which the ring does
/// in a few steps, however many frameworks a role has. After <see cref="DrfKeys.Invalidate"/> the
/// order is stale: changes then only record keys, and <see cref="Sort"/> puts everything right once.
/// </summary>
internal sealed class DrfOrder : IComparer<int>
{
    private readonly DrfKeys _keys;
    private int[] _ring = new int[8];
    private int _head;
    private int _sortedEpoch;

    public DrfOrder(DrfKeys keys)
    {
        _keys = keys;
        _sortedEpoch = keys.Epoch;
    }

    public int Count { get; private set; }

    public int this[int index] => _ring[(_head + index) & (_ring.Length - 1)];

    private bool InSync => _sortedEpoch == _keys.Epoch;

    public void Insert(int id)
    {
        if (Count == _ring.Length) Linearize(_ring.Length * 2);
        var at = InSync ? LowerBound(id) : Count;
        if (at < Count - at)
        {
            _head = (_head - 1) & (_ring.Length - 1);
            for (var i = 0; i < at; i++) At(i) = At(i + 1);
        }
        else
        {
            for (var i = Count; i > at; i--) At(i) = At(i - 1);
        }

        At(at) = id;
        Count++;
    }

    public void Remove(int id)
    {
        var at = IndexOf(id);
        if (at < Count - 1 - at)
        {
            for (var i = at; i > 0; i--) At(i) = At(i - 1);
            _head = (_head + 1) & (_ring.Length - 1);
        }
        else
        {
            for (var i = at; i < Count - 1; i++) At(i) = At(i + 1);
        }

        Count--;
    }

    /// <summary>Gives <paramref name="id"/> a new key and moves it to where that key belongs.</summary>
    public void Update(int id, double share, long count)
    {
        if (!InSync)
        {
            _keys.Update(id, share, count);
            return;
        }

        Remove(id);
        _keys.Update(id, share, count);
        Insert(id);
    }

    public void Sort()
    {
        Linearize(_ring.Length);
        Array.Sort(_ring, 0, Count, this);
        _sortedEpoch = _keys.Epoch;
    }

    public void Clear()
    {
        Count = 0;
        _head = 0;
        _sortedEpoch = _keys.Epoch;
    }

    int IComparer<int>.Compare(int x, int y) => _keys.Compare(x, y);

    private ref int At(int index) => ref _ring[(_head + index) & (_ring.Length - 1)];

    // The first position whose entry sorts after id.
    private int LowerBound(int id)
    {
        int low = 0, high = Count;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (_keys.Compare(this[middle], id) < 0) low = middle + 1;
            else high = middle;
        }

        return low;
    }

    private int IndexOf(int id)
    {
        if (InSync)
        {
            var at = LowerBound(id);
            if (at < Count && this[at] == id) return at;
        }

        for (var i = 0; i < Count; i++)
        {
            if (this[i] == id) return i;
        }

        throw new InvalidOperationException($"Entry {id} is not in this order");
    }

    // Capacity stays a power of two, so that a position is a mask away.
    private void Linearize(int capacity)
    {
        var ring = new int[capacity];
        for (var i = 0; i < Count; i++) ring[i] = this[i];
        _ring = ring;
        _head = 0;
    }
}
