using Mesos.Actors.Allocator.Compact;

namespace Mesos.Actors.Allocator.State;

/// <summary>
/// <c>--min_allocatable_resources</c> in the allocator's terms: an offer is worth making when it holds
/// every quantity of at least one alternative. No alternatives at all means any non-empty offer.
/// </summary>
internal sealed class MinimumOffer
{
    private readonly (int Dim, long Millis)[][] _alternatives;

    public MinimumOffer(IEnumerable<ResourceQuantities> alternatives, ScalarDims dims)
    {
        _alternatives = alternatives.Select(q => q.ToDims(dims)).ToArray();
    }

    /// <param name="quantities">The offer's scalars by dimension.</param>
    public bool Accepts(ReadOnlySpan<long> quantities)
    {
        if (_alternatives.Length == 0) return true;
        foreach (var alternative in _alternatives)
        {
            var enough = true;
            foreach (var (dim, millis) in alternative)
            {
                if (dim >= quantities.Length || quantities[dim] < millis)
                {
                    enough = false;
                    break;
                }
            }

            if (enough) return true;
        }

        return false;
    }
}
