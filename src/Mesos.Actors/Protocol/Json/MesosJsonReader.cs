using System.Collections;
using System.Globalization;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Mesos.Actors.Protocol.Json;

/// <summary>
/// Builds a protobuf message from Mesos' JSON by reflection. Lenient where Mesos is
/// (numbers given as strings, unknown fields ignored, null meaning absent), strict
/// where a wrong value would be silently misread (types, ranges, enum names).
/// </summary>
internal static class MesosJsonReader
{
    private const string SchedulerEventName = "mesos.v1.scheduler.Event";

    public static IMessage ReadMessage(MessageDescriptor descriptor, JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Error(path, $"Expecting a JSON object, found {Describe(element)}");
        }

        var message = descriptor.Parser.ParseFrom(ByteString.Empty);
        foreach (var property in element.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            var field = descriptor.FindFieldByName(property.Name) ?? FindByJsonName(descriptor, property.Name);
            if (field is null)
            {
                continue;
            }

            var fieldPath = Join(path, field.Name);
            if (IsTopLevelErrorMessage(descriptor, field, property.Value))
            {
                SetErrorMessage(message, descriptor, property.Value.GetString()!);
                continue;
            }

            if (field.IsMap)
            {
                ReadMap(field, (IDictionary)field.Accessor.GetValue(message), property.Value, fieldPath);
            }
            else if (field.IsRepeated)
            {
                if (property.Value.ValueKind != JsonValueKind.Array)
                {
                    throw Error(fieldPath, $"Expecting a JSON array, found {Describe(property.Value)}");
                }

                var list = (IList)field.Accessor.GetValue(message);
                var index = 0;
                foreach (var item in property.Value.EnumerateArray())
                {
                    list.Add(ReadSingle(field, item, $"{fieldPath}[{index}]"));
                    index++;
                }
            }
            else
            {
                field.Accessor.SetValue(message, ReadSingle(field, property.Value, fieldPath));
            }
        }

        return message;
    }

    private static FieldDescriptor? FindByJsonName(MessageDescriptor descriptor, string name)
    {
        foreach (var field in descriptor.Fields.InDeclarationOrder())
        {
            if (field.JsonName == name)
            {
                return field;
            }
        }

        return null;
    }

    // Mesos' documentation shows ERROR events as {"type":"ERROR","message":"..."} while the
    // definition nests the text in error.message; a string where the MESSAGE sub-message
    // belongs can only be the former.
    private static bool IsTopLevelErrorMessage(MessageDescriptor descriptor, FieldDescriptor field, JsonElement value) =>
        descriptor.FullName == SchedulerEventName && field.Name == "message" && value.ValueKind == JsonValueKind.String;

    private static void SetErrorMessage(IMessage eventMessage, MessageDescriptor descriptor, string text)
    {
        var errorField = descriptor.FindFieldByName("error");
        var error = (IMessage?)errorField.Accessor.GetValue(eventMessage) ?? errorField.MessageType.Parser.ParseFrom(ByteString.Empty);
        error.Descriptor.FindFieldByName("message").Accessor.SetValue(error, text);
        errorField.Accessor.SetValue(eventMessage, error);
    }

    private static void ReadMap(FieldDescriptor field, IDictionary map, JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Error(path, $"Expecting a JSON object, found {Describe(element)}");
        }

        var keyField = field.MessageType.FindFieldByNumber(1);
        var valueField = field.MessageType.FindFieldByNumber(2);
        foreach (var entry in element.EnumerateObject())
        {
            var entryPath = $"{path}[{entry.Name}]";
            var key = ReadMapKey(keyField, entry.Name, entryPath);
            map[key] = ScalarMaps.IsScalarValue(valueField) && entry.Value.ValueKind != JsonValueKind.Object
                ? ScalarMaps.Create(valueField.MessageType, ReadDouble(entry.Value, entryPath))
                : ReadSingle(valueField, entry.Value, entryPath);
        }
    }

    private static object ReadMapKey(FieldDescriptor keyField, string text, string path)
    {
        if (keyField.FieldType == FieldType.String)
        {
            return text;
        }

        if (keyField.FieldType == FieldType.Bool)
        {
            return text switch
            {
                "true" => true,
                "false" => false,
                _ => throw Error(path, $"Expecting a boolean map key, found '{text}'"),
            };
        }

        return ReadInteger(keyField, text, path);
    }

    private static object ReadSingle(FieldDescriptor field, JsonElement element, string path)
    {
        switch (field.FieldType)
        {
            case FieldType.Message:
            case FieldType.Group:
                return ReadMessage(field.MessageType, element, path);
            case FieldType.Enum:
                return ReadEnum(field.EnumType, element, path);
            case FieldType.String:
                if (element.ValueKind != JsonValueKind.String)
                {
                    throw Error(path, $"Expecting a JSON string, found {Describe(element)}");
                }

                return element.GetString()!;
            case FieldType.Bytes:
                return ReadBytes(element, path);
            case FieldType.Bool:
                return ReadBool(element, path);
            case FieldType.Double:
                return ReadDouble(element, path);
            case FieldType.Float:
                return (float)ReadDouble(element, path);
            default:
                return ReadInteger(field, NumberText(element, path), path);
        }
    }

    private static object ReadEnum(EnumDescriptor type, JsonElement element, string path)
    {
        EnumValueDescriptor? value = element.ValueKind switch
        {
            JsonValueKind.String => type.FindValueByName(element.GetString()!),
            JsonValueKind.Number when element.TryGetInt32(out var number) => type.FindValueByNumber(number),
            _ => throw Error(path, $"Expecting a JSON string for enum '{type.Name}', found {Describe(element)}"),
        };

        if (value is null)
        {
            throw Error(path, $"Failed to find enum for '{element.GetRawText().Trim('"')}' in '{type.FullName}'");
        }

        return Enum.ToObject(type.ClrType, value.Number);
    }

    private static ByteString ReadBytes(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.String)
        {
            throw Error(path, $"Expecting a base64 JSON string, found {Describe(element)}");
        }

        try
        {
            return ByteString.FromBase64(element.GetString()!);
        }
        catch (FormatException)
        {
            throw Error(path, "Expecting a base64 JSON string, found invalid base64");
        }
    }

    private static bool ReadBool(JsonElement element, string path) => element.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String when element.GetString() == "true" => true,
        JsonValueKind.String when element.GetString() == "false" => false,
        _ => throw Error(path, $"Expecting a JSON boolean, found {Describe(element)}"),
    };

    private static double ReadDouble(JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.Number)
        {
            return element.GetDouble();
        }

        if (element.ValueKind == JsonValueKind.String && JsonNumbers.TryParseDouble(element.GetString()!, out var value))
        {
            return value;
        }

        throw Error(path, $"Expecting a JSON number, found {Describe(element)}");
    }

    private static string NumberText(JsonElement element, string path) => element.ValueKind switch
    {
        JsonValueKind.Number => element.GetRawText(),
        JsonValueKind.String => element.GetString()!,
        _ => throw Error(path, $"Expecting a JSON number, found {Describe(element)}"),
    };

    private static object ReadInteger(FieldDescriptor field, string text, string path)
    {
        // Integral values may arrive as 5, "5" or 5.0; anything else must not be rounded silently.
        if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || number != decimal.Truncate(number))
        {
            throw Error(path, $"Expecting an integer, found '{text}'");
        }

        try
        {
            return field.FieldType switch
            {
                FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => (object)decimal.ToInt32(number),
                FieldType.UInt32 or FieldType.Fixed32 => decimal.ToUInt32(number),
                FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => decimal.ToInt64(number),
                FieldType.UInt64 or FieldType.Fixed64 => decimal.ToUInt64(number),
                _ => throw new InvalidOperationException($"Unsupported field type {field.FieldType} of '{field.FullName}'"),
            };
        }
        catch (OverflowException)
        {
            throw Error(path, $"Integer '{text}' is out of range for {field.FieldType}");
        }
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private static MesosJsonException Error(string path, string detail) =>
        new(path.Length == 0 ? detail : $"Failed to parse '{path}': {detail}", path);
}
