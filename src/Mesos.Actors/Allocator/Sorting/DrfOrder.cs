namespace Mesos.Actors.Allocator.Sorting;

/// <summary>
/// Entries kept sorted by their <see cref="DrfKeys"/>. A change of one entry's key moves that entry
/// alone (binary search and one block move), so an allocation costs far less than a re-sort. After
/// <see cref="DrfKeys.Invalidate"/> the order is stale: changes then only record keys, and
/// <see cref="Sort"/> puts everything right once.
/// </summary>
internal sealed class DrfOrder : IComparer<int>
{
    private readonly DrfKeys _keys;
    private int[] _ids = new int[4];
    private int _sortedEpoch;

    public DrfOrder(DrfKeys keys)
    {
        _keys = keys;
        _sortedEpoch = keys.Epoch;
    }

    public int Count { get; private set; }

    public ReadOnlySpan<int> Items => _ids.AsSpan(0, Count);

    private bool InSync => _sortedEpoch == _keys.Epoch;

    public void Insert(int id)
    {
        if (Count == _ids.Length) Array.Resize(ref _ids, Count * 2);
        var at = InSync ? ~Array.BinarySearch(_ids, 0, Count, id, this) : Count;
        Array.Copy(_ids, at, _ids, at + 1, Count - at);
        _ids[at] = id;
        Count++;
    }

    public void Remove(int id)
    {
        var at = IndexOf(id);
        Array.Copy(_ids, at + 1, _ids, at, Count - at - 1);
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
        Array.Sort(_ids, 0, Count, this);
        _sortedEpoch = _keys.Epoch;
    }

    public void Clear()
    {
        Count = 0;
        _sortedEpoch = _keys.Epoch;
    }

    int IComparer<int>.Compare(int x, int y) => _keys.Compare(x, y);

    private int IndexOf(int id) => InSync ? Array.BinarySearch(_ids, 0, Count, id, this) : Array.IndexOf(_ids, id, 0, Count);
}
