namespace Mesos.Actors.Allocator.Compact;

/// <summary>
/// Scalar quantities in thousandths, indexed by <see cref="ScalarDims"/>. It grows when a new
/// scalar name appears; a dimension it has not grown to yet holds zero.
/// </summary>
internal sealed class QuantityVector
{
    private long[] _millis = new long[4];

    public long this[int dim] => dim < _millis.Length ? _millis[dim] : 0;

    public int Length => _millis.Length;

    public bool IsZero
    {
        get
        {
            foreach (var value in _millis)
            {
                if (value != 0)
                {
                    return false;
                }
            }

            return true;
        }
    }

    public void Add(int dim, long millis)
    {
        if (dim >= _millis.Length)
        {
            Array.Resize(ref _millis, Math.Max(dim + 1, _millis.Length * 2));
        }

        _millis[dim] += millis;
    }

    /// <summary>Adds (or with <paramref name="sign"/> −1 takes away) the scalars of <paramref name="amounts"/> that <paramref name="select"/> keeps.</summary>
    public void Add(ReadOnlySpan<Amount> amounts, AmountSelection select, int sign = 1)
    {
        foreach (ref readonly var amount in amounts)
        {
            if (amount.Kind.Dim >= 0 && select.Keeps(amount.Kind))
            {
                Add(amount.Kind.Dim, sign * amount.Millis);
            }
        }
    }

    public void Clear() => Array.Clear(_millis);
}

/// <summary>Which scalars a quantity counts: all of them, or only those that count against quota.</summary>
internal enum AmountSelection
{
    All,
    QuotaEligible,
    Reserved,
}

internal static class AmountSelectionExtensions
{
    public static bool Keeps(this AmountSelection selection, ResourceKind kind) => selection switch
    {
        AmountSelection.All => true,
        AmountSelection.QuotaEligible => kind.QuotaEligible,
        _ => kind.ReservationRole is not null,
    };
}
