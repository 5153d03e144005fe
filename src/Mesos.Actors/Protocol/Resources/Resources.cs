using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using Mesos.Actors.Protocol.Json;
using Mesos.V1;

namespace Mesos.Actors.Protocol;

/// <summary>
/// An immutable bag of resources with Mesos' arithmetic: resources that differ only in
/// amount combine (scalars add, ranges and sets unite); subtraction never goes below
/// nothing; containment is per resource. Scalars have three decimal digits of precision,
/// as in Mesos, so sums and differences are exact.
/// </summary>
public sealed class Resources : IEquatable<Resources>
{
    public static readonly Resources Empty = new(ImmutableDictionary<Resource, ResourceEntry>.Empty);

    private static readonly string[] FlatDefaults = ["cpus", "gpus", "mem", "disk"];

    private readonly ImmutableDictionary<Resource, ResourceEntry> _entries;

    private Resources(ImmutableDictionary<Resource, ResourceEntry> entries)
    {
        _entries = entries;
    }

    public bool IsEmpty => _entries.IsEmpty;

    /// <summary>The resource names present, in ordinal order.</summary>
    public IReadOnlyList<string> Names => _entries.Keys.Select(k => k.Name).Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>Parses Mesos' text form (<c>cpus:2;mem(ads):512;ports:[31000-32000];zones:{a,b}</c>) or a JSON array of Resource.</summary>
    /// <param name="defaultRole">The role of resources written without one; other than <c>"*"</c> it is a static reservation.</param>
    /// <exception cref="FormatException">The text is malformed or a resource is invalid.</exception>
    public static Resources Parse(string text, string defaultRole = "*")
    {
        ArgumentNullException.ThrowIfNull(text);
        var protos = ResourceText.Parse(text, defaultRole).ToList();
        var error = protos.Select(Validate).FirstOrDefault(e => e is not null);
        return error is null ? FromValidProtos(protos) : throw new FormatException(error);
    }

    public static bool TryParse(string text, out Resources resources, out string? error, string defaultRole = "*")
    {
        try
        {
            resources = Parse(text, defaultRole);
            error = null;
            return true;
        }
        catch (FormatException e)
        {
            resources = Empty;
            error = e.Message;
            return false;
        }
    }

    /// <exception cref="ArgumentException">A resource fails <see cref="Validate"/>.</exception>
    public static Resources FromProtos(IEnumerable<Resource> resources)
    {
        ArgumentNullException.ThrowIfNull(resources);
        var list = resources.ToList();
        foreach (var resource in list)
        {
            if (Validate(resource) is { } error)
            {
                throw new ArgumentException(error, nameof(resources));
            }
        }

        return FromValidProtos(list);
    }

    /// <summary>Why Mesos would refuse this resource, or null if it is acceptable.</summary>
    public static string? Validate(Resource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return ResourceValidation.Validate(resource);
    }

    public static Resources operator +(Resources left, Resources right) => left.Add(right);

    public static Resources operator -(Resources left, Resources right) => left.Subtract(right);

    public static bool operator ==(Resources? left, Resources? right) => Equals(left, right);

    public static bool operator !=(Resources? left, Resources? right) => !Equals(left, right);

    public Resources Add(Resources other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var builder = _entries.ToBuilder();
        foreach (var (key, entry) in other._entries)
        {
            builder[key] = builder.TryGetValue(key, out var existing) ? existing.Add(entry) : entry;
        }

        return new Resources(builder.ToImmutable());
    }

    /// <summary>What is left after taking <paramref name="other"/> away; amounts never go below zero.</summary>
    public Resources Subtract(Resources other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var builder = _entries.ToBuilder();
        foreach (var (key, entry) in other._entries)
        {
            if (!builder.TryGetValue(key, out var existing))
            {
                continue;
            }

            var left = existing.Subtract(entry);
            if (left.IsEmpty)
            {
                builder.Remove(key);
            }
            else
            {
                builder[key] = left;
            }
        }

        return new Resources(builder.ToImmutable());
    }

    public bool Contains(Resources other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return other._entries.All(pair => _entries.TryGetValue(pair.Key, out var mine) && mine.Contains(pair.Value));
    }

    public Resources Filter(Func<Resource, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return new Resources(_entries.Where(pair => predicate(pair.Key)).ToImmutableDictionary());
    }

    public Resources Reserved() => Filter(r => r.Reservations.Count > 0);

    /// <summary>Resources whose innermost reservation is for <paramref name="role"/>.</summary>
    public Resources Reserved(string role) => Filter(r => r.Reservations.Count > 0 && r.Reservations[^1].Role == role);

    public Resources Unreserved() => Filter(r => r.Reservations.Count == 0);

    public Resources Revocable() => Filter(r => r.Revocable is not null);

    public Resources NonRevocable() => Filter(r => r.Revocable is null);

    /// <summary>The same amounts with every reservation removed, as if all were unreserved.</summary>
    public Resources Flatten() => Rekey(key => key.Reservations.Clear());

    /// <summary>The same resources marked as allocated to <paramref name="role"/>, as offers and tasks carry them.</summary>
    public Resources AllocatedTo(string role) =>
        Rekey(key => key.AllocationInfo = new Resource.Types.AllocationInfo { Role = role });

    public Resources Unallocated() => Rekey(key => key.AllocationInfo = null);

    /// <summary>The reserved resources grouped by the role of their innermost reservation.</summary>
    public IReadOnlyDictionary<string, Resources> ReservedByRole() =>
        Reserved()._entries
            .GroupBy(pair => pair.Key.Reservations[^1].Role, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new Resources(g.ToImmutableDictionary()), StringComparer.Ordinal);

    /// <summary>The total of a scalar resource over all roles and reservations; 0 when absent.</summary>
    public double Scalar(string name) =>
        _entries.Values.Where(e => e.Key.Name == name && e.Type == Value.Types.Type.Scalar).Sum(e => e.Millis) / 1000.0;

    /// <summary>The union of a ranges resource over all roles and reservations.</summary>
    public IReadOnlyList<(ulong Begin, ulong End)> Ranges(string name) => RangesOf(_entries.Values, name).Ranges;

    public IReadOnlySet<string> Set(string name) =>
        _entries.Values.Where(e => e.Key.Name == name && e.Type == Value.Types.Type.Set)
            .SelectMany(e => e.Items).ToHashSet(StringComparer.Ordinal);

    /// <summary>Scalar totals by name, e.g. for DRF shares and quota.</summary>
    public IReadOnlyDictionary<string, double> ScalarQuantities() =>
        _entries.Values.Where(e => e.Type == Value.Types.Type.Scalar)
            .GroupBy(e => e.Key.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(e => e.Millis) / 1000.0, StringComparer.Ordinal);

    public IReadOnlyList<Resource> ToProtos(ResourceFormat format = ResourceFormat.PostReservationRefinement) =>
        Ordered().Select(e => format == ResourceFormat.PreReservationRefinement ? ToPreRefinement(e.ToProto()) : e.ToProto()).ToList();

    /// <summary>The flat object of Mesos' v0 endpoints: <c>{"cpus":1.0,"gpus":0.0,"mem":128.0,"disk":0.0,"ports":"[31000-32000]"}</c>.</summary>
    public void WriteFlatJson(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var nonRevocable = NonRevocable()._entries.Values.ToList();
        var revocable = Revocable()._entries.Values.ToList();
        writer.WriteStartObject();
        foreach (var name in FlatDefaults.Where(n => !nonRevocable.Any(e => e.Key.Name == n)))
        {
            writer.WritePropertyName(name);
            JsonNumbers.WriteDouble(writer, 0.0);
        }

        WriteFlat(writer, nonRevocable, "");
        WriteFlat(writer, revocable, "_revocable");
        writer.WriteEndObject();
    }

    public string ToFlatJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteFlatJson(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public bool Equals(Resources? other) =>
        other is not null
        && _entries.Count == other._entries.Count
        && _entries.All(pair => other._entries.TryGetValue(pair.Key, out var theirs) && SameValue(pair.Value, theirs));

    public override bool Equals(object? obj) => Equals(obj as Resources);

    public override int GetHashCode()
    {
        var hash = 0;
        foreach (var (key, entry) in _entries)
        {
            hash ^= HashCode.Combine(key, entry.Millis, entry.Ranges, entry.Items.Count);
        }

        return hash;
    }

    /// <summary>Mesos' text form, e.g. <c>cpus:2; mem:512; ports:[31000-32000]</c>; static reservations read back by <see cref="Parse"/>.</summary>
    public override string ToString() => string.Join("; ", Ordered().Select(ResourceText.Format));

    /// <summary>The resources as entries, for code of this library that keeps its own compact form of them.</summary>
    internal ImmutableDictionary<Resource, ResourceEntry> Entries => _entries;

    /// <summary>Resources from entries made by <see cref="Entries"/> or alike; entries with the same key combine, empty ones are dropped.</summary>
    internal static Resources FromEntries(IEnumerable<ResourceEntry> entries)
    {
        var builder = ImmutableDictionary.CreateBuilder<Resource, ResourceEntry>();
        foreach (var entry in entries)
        {
            if (entry.IsEmpty)
            {
                continue;
            }

            builder[entry.Key] = builder.TryGetValue(entry.Key, out var existing) ? existing.Add(entry) : entry;
        }

        return new Resources(builder.ToImmutable());
    }

    private static Resources FromValidProtos(IEnumerable<Resource> protos) => FromEntries(protos.Select(ToEntry));

    private static ResourceEntry ToEntry(Resource proto)
    {
        var key = proto.Clone();
        key.Scalar = null;
        key.Ranges = null;
        key.Set = null;
        ToPostRefinement(key);
        var millis = proto.Scalar is null ? 0 : ResourceEntry.ToMillis(proto.Scalar.Value);
        var ranges = proto.Ranges is null ? RangeSet.Empty : RangeSet.Of(proto.Ranges.Range.Select(r => (r.Begin, r.End)));
        var items = proto.Set is null ? ImmutableSortedSet<string>.Empty : proto.Set.Item.ToImmutableSortedSet(StringComparer.Ordinal);
        return new ResourceEntry(key, millis, ranges, items);
    }

    // One representation per reservation state, so that a resource reserved in the
    // old format and the same resource in the new one combine.
    private static void ToPostRefinement(Resource key)
    {
        if (key.HasRole && key.Role != "*")
        {
            var reservation = new Resource.Types.ReservationInfo { Role = key.Role };
            if (key.Reservation is { } dynamic)
            {
                reservation.Type = Resource.Types.ReservationInfo.Types.Type.Dynamic;
                if (dynamic.HasPrincipal)
                {
                    reservation.Principal = dynamic.Principal;
                }

                reservation.Labels = dynamic.Labels;
            }
            else
            {
                reservation.Type = Resource.Types.ReservationInfo.Types.Type.Static;
            }

            key.Reservations.Add(reservation);
        }

        key.ClearRole();
        key.Reservation = null;
    }

    private static Resource ToPreRefinement(Resource proto)
    {
        if (proto.Reservations.Count > 1)
        {
            return proto;
        }

        if (proto.Reservations.Count == 0)
        {
            proto.Role = "*";
            return proto;
        }

        var reservation = proto.Reservations[0];
        proto.Reservations.Clear();
        proto.Role = reservation.Role;
        if (reservation.Type == Resource.Types.ReservationInfo.Types.Type.Dynamic)
        {
            proto.Reservation = new Resource.Types.ReservationInfo { Labels = reservation.Labels };
            if (reservation.HasPrincipal)
            {
                proto.Reservation.Principal = reservation.Principal;
            }
        }

        return proto;
    }

    private static bool SameValue(ResourceEntry left, ResourceEntry right) =>
        left.Millis == right.Millis && left.Ranges.Equals(right.Ranges) && left.Items.SetEquals(right.Items);

    private static RangeSet RangesOf(IEnumerable<ResourceEntry> entries, string name) =>
        entries.Where(e => e.Key.Name == name && e.Type == Value.Types.Type.Ranges)
            .Aggregate(RangeSet.Empty, (all, e) => all.Union(e.Ranges));

    private static void WriteFlat(Utf8JsonWriter writer, List<ResourceEntry> entries, string suffix)
    {
        foreach (var group in entries.GroupBy(e => (e.Key.Name, e.Type)).OrderBy(g => FlatOrder(g.Key.Name)).ThenBy(g => g.Key.Name, StringComparer.Ordinal))
        {
            writer.WritePropertyName(group.Key.Name + suffix);
            switch (group.Key.Type)
            {
                case Value.Types.Type.Scalar:
                    JsonNumbers.WriteDouble(writer, group.Sum(e => e.Millis) / 1000.0);
                    break;
                case Value.Types.Type.Ranges:
                    writer.WriteStringValue(RangesOf(group, group.Key.Name).ToString());
                    break;
                default:
                    writer.WriteStringValue("{" + string.Join(",", group.SelectMany(e => e.Items).Distinct().Order(StringComparer.Ordinal)) + "}");
                    break;
            }
        }
    }

    private static int FlatOrder(string name)
    {
        var index = Array.IndexOf(FlatDefaults, name);
        return index < 0 ? FlatDefaults.Length : index;
    }

    private Resources Rekey(Action<Resource> change)
    {
        var builder = ImmutableDictionary.CreateBuilder<Resource, ResourceEntry>();
        foreach (var entry in _entries.Values)
        {
            var key = entry.Key.Clone();
            change(key);
            var moved = entry with { Key = key };
            builder[key] = builder.TryGetValue(key, out var existing) ? existing.Add(moved) : moved;
        }

        return new Resources(builder.ToImmutable());
    }

    // Mesos lists resources in no particular order; a stable one keeps output and tests deterministic.
    private ResourceEntry[] Ordered()
    {
        var entries = _entries.Values.ToArray();
        Array.Sort(entries, EntryOrder);
        return entries;
    }

    // Only entries of the same name are told apart by their JSON, which is costly to write: every
    // offer, launch and status update orders its resources.
    private static int EntryOrder(ResourceEntry a, ResourceEntry b)
    {
        var order = FlatOrder(a.Key.Name).CompareTo(FlatOrder(b.Key.Name));
        if (order == 0) order = string.CompareOrdinal(a.Key.Name, b.Key.Name);
        return order != 0 ? order : string.CompareOrdinal(a.Key.ToString(), b.Key.ToString());
    }
}
