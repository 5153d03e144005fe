using System.Collections.Immutable;
using System.Runtime.InteropServices;

namespace Mesos.Actors.Protocol;

/// <summary>
/// A set of unsigned integers (ports, mostly) as canonical ranges: sorted, non-overlapping
/// and non-adjacent, so that two equal sets have equal representations.
/// </summary>
internal sealed class RangeSet : IEquatable<RangeSet>
{
    public static readonly RangeSet Empty = new(ImmutableArray<(ulong Begin, ulong End)>.Empty);

    // Unions merge here and copy out at their exact size; per thread, as range sets are shared values.
    [ThreadStatic]
    private static (ulong Begin, ulong End)[]? _scratch;

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

    // Both lists are canonical, so one merge walk unites them: the allocator adds ports back on every offer.
    public RangeSet Union(RangeSet other)
    {
        if (other.IsEmpty) return this;
        if (IsEmpty) return other;
        var length = Ranges.Length + other.Ranges.Length;
        if (_scratch is null || _scratch.Length < length) _scratch = new (ulong, ulong)[Math.Max(length, 32)];
        var merged = _scratch;
        int i = 0, j = 0, n = 0;
        while (i < Ranges.Length || j < other.Ranges.Length)
        {
            var next = j == other.Ranges.Length || (i < Ranges.Length && Ranges[i].Begin <= other.Ranges[j].Begin) ? Ranges[i++] : other.Ranges[j++];
            if (n > 0 && Touches(merged[n - 1], next)) merged[n - 1] = (merged[n - 1].Begin, Math.Max(merged[n - 1].End, next.End));
            else merged[n++] = next;
        }

        return new RangeSet(ImmutableCollectionsMarshal.AsImmutableArray(merged[..n]));
    }

    public RangeSet Difference(RangeSet other)
    {
        if (IsEmpty || other.IsEmpty) return this;
        var result = new List<(ulong Begin, ulong End)>(Ranges.Length + other.Ranges.Length);
        var j = 0;
        foreach (var range in Ranges)
        {
            var begin = range.Begin;
            var remains = true;
            while (j < other.Ranges.Length && other.Ranges[j].End < begin) j++;
            for (var k = j; k < other.Ranges.Length && other.Ranges[k].Begin <= range.End; k++)
            {
                var cut = other.Ranges[k];
                if (cut.Begin > begin) result.Add((begin, cut.Begin - 1));
                if (cut.End >= range.End)
                {
                    remains = false;
                    break;
                }

                begin = cut.End + 1;
            }

            if (remains) result.Add((begin, range.End));
        }

        return result.Count == 0 ? Empty : new RangeSet(ImmutableCollectionsMarshal.AsImmutableArray(result.ToArray()));
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
