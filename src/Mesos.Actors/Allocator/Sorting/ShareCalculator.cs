using Mesos.Actors.Allocator.Compact;

namespace Mesos.Actors.Allocator.Sorting;

/// <summary>
/// Dominant share: the largest fraction of the cluster's total that an allocation holds of any
/// scalar resource, leaving out the names excluded from fair sharing
/// (<c>--fair_sharing_excluded_resource_names</c>) and names the cluster has none of.
/// </summary>
internal sealed class ShareCalculator
{
    private readonly HashSet<string> _excluded;
    private readonly ScalarDims _dims;
    private double[] _inverse = [];

    public ShareCalculator(ScalarDims dims, IEnumerable<string> excludedNames)
    {
        _dims = dims;
        _excluded = new HashSet<string>(excludedNames, StringComparer.Ordinal);
    }

    /// <summary>The cluster's total of every scalar, over all agents, reserved and revocable included.</summary>
    public QuantityVector Totals { get; } = new();

    /// <summary>Takes the current <see cref="Totals"/> into account; call before computing shares after they changed.</summary>
    public void Refresh()
    {
        if (_inverse.Length != _dims.Count) _inverse = new double[_dims.Count];
        for (var dim = 0; dim < _inverse.Length; dim++)
        {
            var total = Totals[dim];
            _inverse[dim] = total > 0 && !_excluded.Contains(_dims.Name(dim)) ? 1.0 / total : 0;
        }
    }

    public double Share(QuantityVector allocation)
    {
        var share = 0.0;
        var dims = Math.Min(_inverse.Length, allocation.Length);
        for (var dim = 0; dim < dims; dim++)
        {
            share = Math.Max(share, allocation[dim] * _inverse[dim]);
        }

        return share;
    }
}
