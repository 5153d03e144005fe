using System.Collections.Immutable;

namespace Mesos.Actors.Protocol;

/// <summary>
/// A set of unsigned integers (ports, mostly) as canonical ranges: sorted, non-overlapping
/// and non-adjacent, so that two equal sets have equal representations.
/// </summary>
internal sealed class RangeSet : IEquatable<RangeSet>
{
    public static readonly RangeSet Empty = new(ImmutableArray<(ulong Begin, ulong End)>.Empty);

    private RangeSet(ImmutableArray<(ulong Begin, ulong End)> ranges)
    {
        Ranges = ranges;
    }

    public ImmutableArray<(ulong Begin, ulong End)> Ranges { get; }

    public bool IsEmpty => Ranges.IsEmpty;

    public static RangeSet Of(IEnumerable<(ulong Begin, ulong End)> ranges)
    {
        var sorted = ranges.OrderBy(r => r.Begin).ThenBy(r => r.End).ToList();
        var merged = ImmutableArray.CreateBuilder<(ulong Begin, ulong End)>();
        foreach (var range in sorted)
        {
            if (merged.Count > 0 && Touches(merged[^1], range))
            {
                var last = merged[^1];
                merged[^1] = (last.Begin, Math.Max(last.End, range.End));
            }
            else
            {
                merged.Add(range);
            }
        }

        return new RangeSet(merged.ToImmutable());
    }

    public RangeSet Union(RangeSet other) => Of(Ranges.Concat(other.Ranges));

    public RangeSet Difference(RangeSet other)
    {
        var result = new List<(ulong Begin, ulong End)>();
        foreach (var range in Ranges)
        {
            var begin = range.Begin;
            var remains = true;
            foreach (var cut in other.Ranges)
            {
                if (cut.End < begin || cut.Begin > range.End)
                {
                    continue;
                }

                if (cut.Begin > begin)
                {
                    result.Add((begin, cut.Begin - 1));
                }

                if (cut.End >= range.End)
                {
                    remains = false;
                    break;
                }

                begin = cut.End + 1;
            }

            if (remains)
            {
                result.Add((begin, range.End));
            }
        }

        return Of(result);
    }

    // One walk over both canonical lists, without allocating: the allocator checks offer filters with it.
    public bool IsSubsetOf(RangeSet other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        var outer = other.Ranges;
        var j = 0;
        foreach (var range in Ranges)
        {
            while (j < outer.Length && outer[j].End < range.Begin)
            {
                j++;
            }

            if (j == outer.Length || outer[j].Begin > range.Begin || outer[j].End < range.End)
            {
                return false;
            }
        }

        return true;
    }

    public bool Equals(RangeSet? other) => other is not null && Ranges.SequenceEqual(other.Ranges);

    public override bool Equals(object? obj) => Equals(obj as RangeSet);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var range in Ranges)
        {
            hash.Add(range);
        }

        return hash.ToHashCode();
    }

    /// <summary>Mesos' text form, e.g. <c>[31000-32000, 33000-33001]</c>.</summary>
    public override string ToString() => "[" + string.Join(", ", Ranges.Select(r => $"{r.Begin}-{r.End}")) + "]";

    private static bool Touches((ulong Begin, ulong End) left, (ulong Begin, ulong End) right) =>
        left.End == ulong.MaxValue || right.Begin <= left.End + 1;
}
