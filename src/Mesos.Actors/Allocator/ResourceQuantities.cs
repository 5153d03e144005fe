using System.Collections.Immutable;
using System.Globalization;
using Mesos.Actors.Allocator.Compact;

namespace Mesos.Actors.Allocator;

/// <summary>
/// Amounts of scalar resources by name (a zero amount is kept: a limit of zero means none): quota guarantees and
/// limits, and the minimum an offer must hold. Text form: <c>cpus:10;mem:4096</c>.
/// </summary>
internal sealed class ResourceQuantities
{
    public static readonly ResourceQuantities Empty = new(ImmutableSortedDictionary<string, long>.Empty.WithComparers(StringComparer.Ordinal));

    private readonly ImmutableSortedDictionary<string, long> _millis;

    private ResourceQuantities(ImmutableSortedDictionary<string, long> millis)
    {
        _millis = millis;
    }

    public bool IsEmpty => _millis.IsEmpty;

    public IEnumerable<string> Names => _millis.Keys;

    public double this[string name] => _millis.GetValueOrDefault(name) / 1000.0;

    public static ResourceQuantities Of(IReadOnlyDictionary<string, double> quantities)
    {
        ArgumentNullException.ThrowIfNull(quantities);
        var builder = ImmutableSortedDictionary.CreateBuilder<string, long>(StringComparer.Ordinal);
        foreach (var (name, value) in quantities)
        {
            if (!(value >= 0) || double.IsInfinity(value)) throw new ArgumentException($"Quantity of '{name}' must be a non-negative number", nameof(quantities));
            var millis = (long)Math.Round(value * 1000, MidpointRounding.AwayFromZero);
            builder[name] = millis;
        }

        return new ResourceQuantities(builder.ToImmutable());
    }

    /// <exception cref="FormatException">Not of the form <c>name:number;name:number</c>.</exception>
    public static ResourceQuantities Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var quantities = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var token in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = token.Split(':', StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || parts[0].Length == 0
                || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !(value >= 0))
            {
                throw new FormatException($"Bad resource quantity '{token}': expecting 'name:number'");
            }

            quantities[parts[0]] = quantities.GetValueOrDefault(parts[0]) + value;
        }

        return Of(quantities);
    }

    /// <summary>The form of <c>--min_allocatable_resources</c>: alternatives separated by <c>|</c>.</summary>
    public static IReadOnlyList<ResourceQuantities> ParseAlternatives(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Parse).ToList();
    }

    public override string ToString() =>
        string.Join(";", _millis.Select(pair => $"{pair.Key}:{(pair.Value / 1000m).ToString("0.###", CultureInfo.InvariantCulture)}"));

    internal (int Dim, long Millis)[] ToDims(ScalarDims dims) =>
        _millis.Select(pair => (dims.Intern(pair.Key), pair.Value)).ToArray();
}
