using System.Globalization;
using System.Text;
using System.Text.Json;
using Mesos.Actors.Protocol.Json;
using Mesos.V1;

namespace Mesos.Actors.Protocol;

/// <summary>Mesos' text form of resources, as in <c>--resources=cpus:2;mem(ads):512;ports:[31000-32000]</c>.</summary>
internal static class ResourceText
{
    public static IEnumerable<Resource> Parse(string text, string defaultRole)
    {
        var trimmed = text.Trim();
        return trimmed.StartsWith('[') ? ParseJson(trimmed) : ParseText(trimmed, defaultRole);
    }

    public static string Format(ResourceEntry entry)
    {
        var text = new StringBuilder(entry.Key.Name);
        var reservations = entry.Key.Reservations;
        if (entry.Key.AllocationInfo is { } allocation)
        {
            text.Append("(allocated: ").Append(allocation.Role).Append(')');
        }

        if (reservations.Count == 1 && IsPlainStatic(reservations[0]))
        {
            text.Append('(').Append(reservations[0].Role).Append(')');
        }
        else if (reservations.Count > 0)
        {
            text.Append("(reservations: [")
                .Append(string.Join(", ", reservations.Select(FormatReservation)))
                .Append("])");
        }

        if (entry.Key.Disk?.Persistence is { } persistence)
        {
            text.Append('[').Append(persistence.Id);
            if (entry.Key.Disk.Volume is { } volume)
            {
                text.Append(':').Append(volume.ContainerPath);
            }

            text.Append(']');
        }

        if (entry.Key.Revocable is not null)
        {
            text.Append("{REV}");
        }

        if (entry.Key.Shared is not null)
        {
            text.Append("<SHARED>");
        }

        text.Append(':').Append(FormatValue(entry));
        return text.ToString();
    }

    public static string FormatValue(ResourceEntry entry) => entry.Type switch
    {
        Value.Types.Type.Scalar => FormatScalar(entry.Millis),
        Value.Types.Type.Ranges => entry.Ranges.ToString(),
        _ => "{" + string.Join(",", entry.Items) + "}",
    };

    public static string FormatScalar(long millis) =>
        (millis / 1000m).ToString("0.###", CultureInfo.InvariantCulture);

    // The one reservation the text form can express and read back: "cpus(ads):8".
    private static bool IsPlainStatic(Resource.Types.ReservationInfo reservation) =>
        reservation.Type == Resource.Types.ReservationInfo.Types.Type.Static
        && !reservation.HasPrincipal && reservation.Labels is null;

    private static string FormatReservation(Resource.Types.ReservationInfo reservation)
    {
        var parts = new List<string> { reservation.Type.ToString().ToUpperInvariant(), reservation.Role };
        if (reservation.HasPrincipal)
        {
            parts.Add(reservation.Principal);
        }

        return "(" + string.Join(",", parts) + ")";
    }

    private static IEnumerable<Resource> ParseJson(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"Failed to parse resources as JSON: {e.Message}", e);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("Expecting resources as a JSON array");
            }

            var resources = new List<Resource>();
            foreach (var element in document.RootElement.EnumerateArray())
            {
                try
                {
                    resources.Add(MesosJson.Parse<Resource>(element));
                }
                catch (MesosJsonException e)
                {
                    throw new FormatException($"Failed to parse resource {resources.Count}: {e.Message}", e);
                }
            }

            return resources;
        }
    }

    private static IEnumerable<Resource> ParseText(string text, string defaultRole)
    {
        foreach (var token in text.Split(';'))
        {
            if (string.IsNullOrWhiteSpace(token))
            {
                continue;
            }

            yield return ParseToken(token.Trim(), defaultRole);
        }
    }

    private static Resource ParseToken(string token, string defaultRole)
    {
        var colon = token.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            throw new FormatException($"Bad resource '{token}': expecting 'name:value' or 'name(role):value'");
        }

        var (name, role) = ParseName(token[..colon].Trim(), defaultRole, token);
        var resource = ParseValue(name, token[(colon + 1)..].Trim(), token);
        if (role != "*")
        {
            resource.Reservations.Add(new Resource.Types.ReservationInfo
            {
                Type = Resource.Types.ReservationInfo.Types.Type.Static,
                Role = role,
            });
        }

        return resource;
    }

    private static (string Name, string Role) ParseName(string text, string defaultRole, string token)
    {
        var open = text.IndexOf('(', StringComparison.Ordinal);
        if (open < 0)
        {
            return (text, defaultRole);
        }

        if (!text.EndsWith(')') || open == 0)
        {
            throw new FormatException($"Bad resource '{token}': malformed role");
        }

        var role = text[(open + 1)..^1].Trim();
        if (role.Length == 0)
        {
            throw new FormatException($"Bad resource '{token}': empty role");
        }

        return (text[..open].Trim(), role);
    }

    private static Resource ParseValue(string name, string value, string token)
    {
        if (value.StartsWith('['))
        {
            return new Resource { Name = name, Type = Value.Types.Type.Ranges, Ranges = ParseRanges(value, token) };
        }

        if (value.StartsWith('{'))
        {
            if (!value.EndsWith('}'))
            {
                throw new FormatException($"Bad resource '{token}': malformed set");
            }

            var set = new Value.Types.Set();
            set.Item.AddRange(value[1..^1].Split(',').Select(i => i.Trim()).Where(i => i.Length > 0));
            return new Resource { Name = name, Type = Value.Types.Type.Set, Set = set };
        }

        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var scalar))
        {
            throw new FormatException($"Bad resource '{token}': '{value}' is not a number, ranges or a set");
        }

        return new Resource { Name = name, Type = Value.Types.Type.Scalar, Scalar = new Value.Types.Scalar { Value = scalar } };
    }

    private static Value.Types.Ranges ParseRanges(string value, string token)
    {
        if (!value.EndsWith(']'))
        {
            throw new FormatException($"Bad resource '{token}': malformed ranges");
        }

        var ranges = new Value.Types.Ranges();
        foreach (var part in value[1..^1].Split(','))
        {
            var text = part.Trim();
            if (text.Length == 0)
            {
                continue;
            }

            var bounds = text.Split('-');
            if (bounds.Length != 2
                || !ulong.TryParse(bounds[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var begin)
                || !ulong.TryParse(bounds[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var end))
            {
                throw new FormatException($"Bad resource '{token}': malformed range '{text}'");
            }

            ranges.Range.Add(new Value.Types.Range { Begin = begin, End = end });
        }

        return ranges;
    }
}
