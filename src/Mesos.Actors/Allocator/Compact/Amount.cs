using System.Collections.Immutable;
using Mesos.Actors.Protocol;

namespace Mesos.Actors.Allocator.Compact;

/// <summary>
/// The amount of one kind of resource: thousandths for scalars, a range set for ranges, items for
/// sets. Ranges and sets are shared immutable objects, so copying an amount never copies them.
/// </summary>
internal readonly record struct Amount(ResourceKind Kind, long Millis, RangeSet? Ranges, ImmutableSortedSet<string>? Items)
{
    public bool IsEmpty => Ranges is not null ? Ranges.IsEmpty : Items is not null ? Items.IsEmpty : Millis <= 0;

    public Amount Plus(in Amount other)
    {
        if (Ranges is not null)
        {
            return this with { Ranges = Ranges.IsEmpty ? other.Ranges : other.Ranges!.IsEmpty ? Ranges : Ranges.Union(other.Ranges) };
        }

        return Items is not null ? this with { Items = Items.Union(other.Items!) } : this with { Millis = Millis + other.Millis };
    }

    public Amount Minus(in Amount other)
    {
        if (Ranges is not null)
        {
            return this with { Ranges = ReferenceEquals(Ranges, other.Ranges) ? RangeSet.Empty : Ranges.Difference(other.Ranges!) };
        }

        return Items is not null ? this with { Items = Items.Except(other.Items!) } : this with { Millis = Math.Max(0, Millis - other.Millis) };
    }

    public bool Covers(in Amount other)
    {
        if (Ranges is not null)
        {
            return other.Ranges!.IsSubsetOf(Ranges);
        }

        return Items is not null ? other.Items!.IsSubsetOf(Items) : Millis >= other.Millis;
    }

    public bool SameValue(in Amount other) =>
        Ranges is not null ? Ranges.Equals(other.Ranges) : Items is not null ? Items.SetEquals(other.Items!) : Millis == other.Millis;

    public ResourceEntry ToEntry() =>
        new(Kind.Key, Millis, Ranges ?? RangeSet.Empty, Items ?? ImmutableSortedSet<string>.Empty);
}
