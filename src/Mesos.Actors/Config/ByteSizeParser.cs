namespace Mesos.Actors.Configuration;

/// <summary>
/// Parses sizes in bytes following the HOCON spec: single letters and the "iB"/"bibyte" forms are
/// powers of 1024, while "kB"/"MB" and "kilobytes"/"megabytes" are powers of 1000.
/// </summary>
internal static class ByteSizeParser
{
    private static readonly Dictionary<string, decimal> BytesPerUnit = BuildUnits();

    public static long Parse(string text, string path)
    {
        if (!UnitValueParser.TrySplit(text, out var number, out var unit))
        {
            throw new ConfigException($"Config path '{path}' has invalid size '{text}': expected a number followed by an optional unit such as kB, MB, KiB or M");
        }

        if (!BytesPerUnit.TryGetValue(unit, out var bytesPerUnit))
        {
            throw new ConfigException($"Config path '{path}' has invalid size '{text}': unknown unit '{unit}'");
        }

        try
        {
            var bytes = decimal.Round(number * bytesPerUnit, MidpointRounding.AwayFromZero);
            if (bytes <= long.MaxValue && bytes >= long.MinValue)
            {
                return (long)bytes;
            }
        }
        catch (OverflowException)
        {
        }

        throw new ConfigException($"Config path '{path}' has size '{text}' which does not fit in 64 bits");
    }

    private static Dictionary<string, decimal> BuildUnits()
    {
        var units = new Dictionary<string, decimal>(StringComparer.Ordinal)
        {
            [string.Empty] = 1,
            ["B"] = 1,
            ["b"] = 1,
            ["byte"] = 1,
            ["bytes"] = 1,
        };
        (string Decimal, string Binary, string Letter)[] prefixes =
        [
            ("kilo", "kibi", "K"),
            ("mega", "mebi", "M"),
            ("giga", "gibi", "G"),
            ("tera", "tebi", "T"),
            ("peta", "pebi", "P"),
            ("exa", "exbi", "E"),
        ];
        decimal decimalFactor = 1;
        decimal binaryFactor = 1;
        foreach (var (decimalName, binaryName, letter) in prefixes)
        {
            decimalFactor *= 1000;
            binaryFactor *= 1024;
            var decimalSymbol = (letter == "K" ? "k" : letter) + "B";
            foreach (var name in new[] { decimalSymbol, decimalName + "byte", decimalName + "bytes" })
            {
                units[name] = decimalFactor;
            }

            foreach (var name in new[] { letter, letter.ToLowerInvariant(), letter + "i", letter + "iB", binaryName + "byte", binaryName + "bytes" })
            {
                units[name] = binaryFactor;
            }
        }

        return units;
    }
}
