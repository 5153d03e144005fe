namespace Mesos.Actors.Allocator.Sorting;

/// <summary>
/// The sort keys of DRF entries, as in Mesos' sorter: weighted dominant share, then how many
/// allocations the entry has had (so equal shares take turns), then its name. Kept in arrays by id
/// so that comparing two entries touches no objects.
/// </summary>
internal sealed class DrfKeys
{
    private double[] _share = new double[16];
    private long[] _count = new long[16];
    private string[] _name = new string[16];

    /// <summary>Raised whenever shares may have changed for everyone (cluster totals, weights); orders sorted before it are stale.</summary>
    public int Epoch { get; private set; }

    public double Share(int id) => _share[id];

    public long Count(int id) => _count[id];

    public void Invalidate() => Epoch++;

    public void Set(int id, string name)
    {
        if (id >= _name.Length)
        {
            var size = Math.Max(id + 1, _name.Length * 2);
            Array.Resize(ref _share, size);
            Array.Resize(ref _count, size);
            Array.Resize(ref _name, size);
        }

        _name[id] = name;
        _share[id] = 0;
        _count[id] = 0;
    }

    public void Update(int id, double share, long count)
    {
        _share[id] = share;
        _count[id] = count;
    }

    public int Compare(int left, int right)
    {
        var byShare = _share[left].CompareTo(_share[right]);
        if (byShare != 0) return byShare;
        var byCount = _count[left].CompareTo(_count[right]);
        return byCount != 0 ? byCount : string.CompareOrdinal(_name[left], _name[right]);
    }
}
