namespace Mesos.Actors.Allocator.Compact;

/// <summary>
/// An immutable set of resources in the allocator's compact form: amounts sorted by kind, none empty.
/// Arithmetic merges the two sorted arrays; taking everything away or adding to nothing returns the
/// other operand itself, which keeps shared range sets shared and filter checks cheap.
/// </summary>
internal sealed class Bundle
{
    public static readonly Bundle Empty = new([]);

    [ThreadStatic]
    private static Amount[]? _scratch;

    private readonly Amount[] _amounts;

    private Bundle(Amount[] amounts)
    {
        _amounts = amounts;
    }

    public ReadOnlySpan<Amount> Amounts => _amounts;

    public bool IsEmpty => _amounts.Length == 0;

    /// <summary>The candidate stamp of the last filter check against this bundle (see <c>FilterLookup</c>).</summary>
    public long CoverStamp { get; set; }

    /// <summary>Whether this bundle covered the candidate of <see cref="CoverStamp"/>.</summary>
    public bool CoveredCandidate { get; set; }

    /// <summary>A bundle of amounts already sorted by kind, each kind once; empty amounts are dropped.</summary>
    public static Bundle Of(ReadOnlySpan<Amount> sorted)
    {
        var count = 0;
        foreach (ref readonly var amount in sorted)
        {
            if (!amount.IsEmpty) count++;
        }

        if (count == 0) return Empty;
        var amounts = new Amount[count];
        count = 0;
        foreach (ref readonly var amount in sorted)
        {
            if (!amount.IsEmpty) amounts[count++] = amount;
        }

        return new Bundle(amounts);
    }

    public static Bundle Add(Bundle left, Bundle right)
    {
        if (right.IsEmpty) return left;
        if (left.IsEmpty) return right;
        var merged = Scratch(left._amounts.Length + right._amounts.Length);
        int i = 0, j = 0, n = 0;
        while (i < left._amounts.Length || j < right._amounts.Length)
        {
            var order = Order(left, i, right, j);
            merged[n++] = order < 0 ? left._amounts[i++] : order > 0 ? right._amounts[j++] : left._amounts[i++].Plus(right._amounts[j++]);
        }

        return Of(merged.AsSpan(0, n));
    }

    /// <summary>What is left of <paramref name="left"/> after taking <paramref name="right"/> away; never below nothing.</summary>
    public static Bundle Subtract(Bundle left, Bundle right)
    {
        if (ReferenceEquals(left, right)) return Empty;
        if (right.IsEmpty || left.IsEmpty) return left;
        var rest = Scratch(left._amounts.Length);
        int i = 0, j = 0, n = 0;
        while (i < left._amounts.Length)
        {
            var order = Order(left, i, right, j);
            if (order < 0) rest[n++] = left._amounts[i++];
            else if (order > 0) j++;
            else rest[n++] = left._amounts[i++].Minus(right._amounts[j++]);
        }

        return Of(rest.AsSpan(0, n));
    }

    /// <summary>The part of <paramref name="wanted"/> that <paramref name="held"/> has.</summary>
    public static Bundle Intersect(Bundle held, Bundle wanted) => Subtract(held, Subtract(held, wanted));

    public static bool Contains(ReadOnlySpan<Amount> outer, ReadOnlySpan<Amount> inner)
    {
        var i = 0;
        foreach (ref readonly var amount in inner)
        {
            while (i < outer.Length && outer[i].Kind.Id < amount.Kind.Id) i++;
            if (i == outer.Length || outer[i].Kind.Id != amount.Kind.Id || !outer[i].Covers(amount)) return false;
        }

        return true;
    }

    public bool Contains(Bundle inner) => Contains(_amounts, inner._amounts);

    public bool SameAs(Bundle other)
    {
        if (ReferenceEquals(this, other)) return true;
        if (_amounts.Length != other._amounts.Length) return false;
        for (var i = 0; i < _amounts.Length; i++)
        {
            if (_amounts[i].Kind != other._amounts[i].Kind || !_amounts[i].SameValue(other._amounts[i])) return false;
        }

        return true;
    }

    // Merges are built here and copied out at their exact size, so that only the result is allocated.
    // Per thread, since bundles are shared immutable values that any thread may combine.
    private static Amount[] Scratch(int length)
    {
        if (_scratch is null || _scratch.Length < length) _scratch = new Amount[Math.Max(length, 16)];
        return _scratch;
    }

    // Negative: take from left; positive: from right; zero: the same kind on both sides.
    private static int Order(Bundle left, int i, Bundle right, int j)
    {
        if (i == left._amounts.Length) return 1;
        if (j == right._amounts.Length) return -1;
        return left._amounts[i].Kind.Id.CompareTo(right._amounts[j].Kind.Id);
    }
}
