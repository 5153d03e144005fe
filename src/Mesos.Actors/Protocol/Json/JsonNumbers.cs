using System.Globalization;
using System.Text.Json;

namespace Mesos.Actors.Protocol.Json;

/// <summary>
/// Writes floating-point numbers the way Mesos does: shortest round-trip digits, always
/// with a fractional part (<c>2.0</c>, not <c>2</c>), and the non-finite values as strings
/// because JSON has no literal for them.
/// </summary>
public static class JsonNumbers
{
    public static void WriteDouble(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteRawValue(Format(value), skipInputValidation: true);
        }
        else
        {
            writer.WriteStringValue(NonFiniteName(value));
        }
    }

    public static string Format(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.') || text.Contains('E') ? text : text + ".0";
    }

    public static string NonFiniteName(double value) =>
        double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";

    public static bool TryParseDouble(string text, out double value)
    {
        switch (text)
        {
            case "Infinity":
            case "inf":
                value = double.PositiveInfinity;
                return true;
            case "-Infinity":
            case "-inf":
                value = double.NegativeInfinity;
                return true;
            case "NaN":
            case "nan":
                value = double.NaN;
                return true;
            default:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
    }
}
