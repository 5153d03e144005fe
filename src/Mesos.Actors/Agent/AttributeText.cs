using System.Globalization;
using Mesos.V1;
using Attribute = Mesos.V1.Attribute;

namespace Mesos.Actors.Agent;

/// <summary>
/// Mesos' text form of agent attributes, <c>rack:a;zone:west;level:3;ports:[1-5];tags:{x,y}</c>:
/// a value is ranges in brackets, a set in braces, a scalar when it is a number, text otherwise.
/// </summary>
internal static class AttributeText
{
    /// <exception cref="FormatException">An attribute has no name or no value.</exception>
    public static IReadOnlyList<Attribute> Parse(string text)
    {
        var attributes = new List<Attribute>();
        foreach (var item in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = item.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || colon == item.Length - 1) throw new FormatException($"Invalid attribute '{item}': expected name:value");
            attributes.Add(Build(item[..colon].Trim(), item[(colon + 1)..].Trim()));
        }
        return attributes;
    }

    private static Attribute Build(string name, string value)
    {
        if (value.StartsWith('[')) return new Attribute { Name = name, Type = Value.Types.Type.Ranges, Ranges = Ranges(name, value) };
        if (value.StartsWith('{'))
        {
            var set = new Value.Types.Set();
            set.Item.AddRange(Inner(name, value, '}').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            return new Attribute { Name = name, Type = Value.Types.Type.Set, Set = set };
        }
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var scalar) && double.IsFinite(scalar))
        {
            return new Attribute { Name = name, Type = Value.Types.Type.Scalar, Scalar = new Value.Types.Scalar { Value = scalar } };
        }
        return new Attribute { Name = name, Type = Value.Types.Type.Text, Text = new Value.Types.Text { Value = value } };
    }

    private static Value.Types.Ranges Ranges(string name, string value)
    {
        var ranges = new Value.Types.Ranges();
        foreach (var range in Inner(name, value, ']').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var bounds = range.Split('-', StringSplitOptions.TrimEntries);
            if (bounds.Length != 2
                || !ulong.TryParse(bounds[0], NumberStyles.None, CultureInfo.InvariantCulture, out var begin)
                || !ulong.TryParse(bounds[1], NumberStyles.None, CultureInfo.InvariantCulture, out var end)
                || begin > end)
            {
                throw new FormatException($"Invalid attribute '{name}': '{range}' is not a range begin-end");
            }
            ranges.Range.Add(new Value.Types.Range { Begin = begin, End = end });
        }
        return ranges;
    }

    private static string Inner(string name, string value, char close) =>
        value.EndsWith(close) ? value[1..^1] : throw new FormatException($"Invalid attribute '{name}': '{value}' lacks its closing '{close}'");
}
