using System.Globalization;

namespace Mesos.Actors.Configuration;

/// <summary>Splits "1.5 hours" style text into its number and unit, shared by durations and sizes.</summary>
internal static class UnitValueParser
{
    public static bool TrySplit(string text, out decimal number, out string unit)
    {
        var trimmed = text.Trim();
        var end = 0;
        while (end < trimmed.Length && (char.IsAsciiDigit(trimmed[end]) || trimmed[end] is '.' || (end == 0 && trimmed[end] is '-' or '+')))
        {
            end++;
        }

        unit = trimmed[end..].Trim();
        return decimal.TryParse(trimmed.AsSpan(0, end), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out number);
    }
}
