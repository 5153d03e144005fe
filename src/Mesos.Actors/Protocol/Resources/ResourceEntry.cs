using System.Collections.Immutable;
using Mesos.V1;

namespace Mesos.Actors.Protocol;

/// <summary>
/// One resource of a <see cref="Resources"/>: what identifies it (the proto with its value
/// removed, reservations in the post-refinement form) and its value. Scalars are kept in
/// thousandths, Mesos' precision, so that sums never drift.
/// </summary>
internal sealed record ResourceEntry(Resource Key, long Millis, RangeSet Ranges, ImmutableSortedSet<string> Items)
{
    public Value.Types.Type Type => Key.Type;

    public bool IsEmpty => Type switch
    {
        Value.Types.Type.Scalar => Millis <= 0,
        Value.Types.Type.Ranges => Ranges.IsEmpty,
        _ => Items.IsEmpty,
    };

    public ResourceEntry Add(ResourceEntry other) =>
        this with { Millis = Millis + other.Millis, Ranges = Ranges.Union(other.Ranges), Items = Items.Union(other.Items) };

    public ResourceEntry Subtract(ResourceEntry other) =>
        this with { Millis = Math.Max(0, Millis - other.Millis), Ranges = Ranges.Difference(other.Ranges), Items = Items.Except(other.Items) };

    public bool Contains(ResourceEntry other) => Type switch
    {
        Value.Types.Type.Scalar => Millis >= other.Millis,
        Value.Types.Type.Ranges => other.Ranges.IsSubsetOf(Ranges),
        _ => other.Items.IsSubsetOf(Items),
    };

    public double Scalar => Millis / 1000.0;

    /// <summary>A scalar's value in thousandths, Mesos' precision.</summary>
    public static long ToMillis(double value) => (long)Math.Round(value * 1000, MidpointRounding.AwayFromZero);

    public Resource ToProto()
    {
        var proto = Key.Clone();
        switch (Type)
        {
            case Value.Types.Type.Scalar:
                proto.Scalar = new Value.Types.Scalar { Value = Scalar };
                break;
            case Value.Types.Type.Ranges:
                proto.Ranges = new Value.Types.Ranges();
                proto.Ranges.Range.AddRange(Ranges.Ranges.Select(r => new Value.Types.Range { Begin = r.Begin, End = r.End }));
                break;
            default:
                proto.Set = new Value.Types.Set();
                proto.Set.Item.AddRange(Items);
                break;
        }

        return proto;
    }
}
