using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Mesos.Actors.Protocol.Json;

/// <summary>
/// Builds a protobuf message from Mesos' JSON by reflection, token by token: no document is built, so
/// decoding a body costs little beyond the message it holds. It reads what Mesos' own parser reads
/// (stout's protobuf.hpp): numbers given as strings, unknown fields ignored, null meaning absent,
/// enums by name only, and an enum name it does not know dropping an optional field (a newer client's
/// value) but failing a required one. It is strict where a wrong value would be silently misread
/// (types, integer ranges, invalid text).
/// </summary>
internal static class MesosJsonReader
{
    /// <summary>How deeply objects and arrays may nest; deeper input is refused before it costs stack.</summary>
    public const int MaxDepth = 128;

    private const string SchedulerEventName = "mesos.v1.scheduler.Event";

    // No field of ours has a longer name: a longer property is unknown without being decoded.
    private const int MaxFieldNameBytes = 128;

    // Values echoed in error messages are cut to this many characters.
    private const int MaxEchoedChars = 64;

    private static readonly JsonReaderOptions Options = new() { MaxDepth = MaxDepth };

    /// <exception cref="MesosJsonException">The text is not JSON, or not a message of this type.</exception>
    public static IMessage Read(MessageDescriptor descriptor, ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json, Options);
        try
        {
            if (!reader.Read())
            {
                throw new MesosJsonException("Failed to parse body into JSON: the body is empty");
            }

            var message = ReadMessage(descriptor, ref reader, new JsonPath());
            // Anything but whitespace after the value fails here.
            reader.Read();
            return message;
        }
        catch (JsonException e)
        {
            throw new MesosJsonException($"Failed to parse body into JSON: {e.Message}", e);
        }
    }

    private static IMessage ReadMessage(MessageDescriptor descriptor, ref Utf8JsonReader reader, JsonPath path)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Error(path, $"Expecting a JSON object, found {Describe(reader.TokenType)}");
        }

        var message = descriptor.Parser.ParseFrom(ByteString.Empty);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = FindField(descriptor, ref reader, path);
            reader.Read();
            if (field is null || reader.TokenType == JsonTokenType.Null)
            {
                reader.Skip();
                continue;
            }

            path.Push(field.Name);
            if (IsTopLevelErrorMessage(descriptor, field, reader.TokenType))
            {
                SetErrorMessage(message, descriptor, ReadString(ref reader, path));
            }
            else if (field.IsMap)
            {
                ReadMap(field, (IDictionary)field.Accessor.GetValue(message), ref reader, path);
            }
            else if (field.IsRepeated)
            {
                ReadList(field, (IList)field.Accessor.GetValue(message), ref reader, path);
            }
            else if (ReadSingle(field, ref reader, path) is { } value)
            {
                field.Accessor.SetValue(message, value);
            }

            path.Pop();
        }

        return message;
    }

    private static FieldDescriptor? FindField(MessageDescriptor descriptor, ref Utf8JsonReader reader, JsonPath path)
    {
        if (reader.ValueSpan.Length > MaxFieldNameBytes)
        {
            return null;
        }

        var name = ReadString(ref reader, path);
        return descriptor.FindFieldByName(name) ?? FindByJsonName(descriptor, name);
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
    private static bool IsTopLevelErrorMessage(MessageDescriptor descriptor, FieldDescriptor field, JsonTokenType token) =>
        descriptor.FullName == SchedulerEventName && field.Name == "message" && token == JsonTokenType.String;

    private static void SetErrorMessage(IMessage eventMessage, MessageDescriptor descriptor, string text)
    {
        var errorField = descriptor.FindFieldByName("error");
        var error = (IMessage?)errorField.Accessor.GetValue(eventMessage) ?? errorField.MessageType.Parser.ParseFrom(ByteString.Empty);
        error.Descriptor.FindFieldByName("message").Accessor.SetValue(error, text);
        errorField.Accessor.SetValue(eventMessage, error);
    }

    private static void ReadList(FieldDescriptor field, IList list, ref Utf8JsonReader reader, JsonPath path)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw Error(path, $"Expecting a JSON array, found {Describe(reader.TokenType)}");
        }

        var index = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            path.PushIndex(index++);
            if (reader.TokenType != JsonTokenType.Null && ReadSingle(field, ref reader, path) is { } value)
            {
                list.Add(value);
            }

            path.Pop();
        }
    }

    private static void ReadMap(FieldDescriptor field, IDictionary map, ref Utf8JsonReader reader, JsonPath path)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Error(path, $"Expecting a JSON object, found {Describe(reader.TokenType)}");
        }

        var keyField = field.MessageType.FindFieldByNumber(1);
        var valueField = field.MessageType.FindFieldByNumber(2);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var keyText = ReadString(ref reader, path);
            path.PushKey(keyText);
            var key = ReadMapKey(keyField, keyText, path);
            reader.Read();
            var value = reader.TokenType switch
            {
                JsonTokenType.Null => null,
                not JsonTokenType.StartObject when ScalarMaps.IsScalarValue(valueField) => ScalarMaps.Create(valueField.MessageType, ReadDouble(ref reader, path)),
                _ => ReadSingle(valueField, ref reader, path),
            };
            if (value is not null)
            {
                map[key] = value;
            }

            path.Pop();
        }
    }

    private static object ReadMapKey(FieldDescriptor keyField, string text, JsonPath path)
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
                _ => throw Error(path, $"Expecting a boolean map key, found '{Echo(text)}'"),
            };
        }

        return ReadInteger(keyField, text, path);
    }

    /// <summary>The value of one field (or one item of a list), or null when it is to be left out.</summary>
    private static object? ReadSingle(FieldDescriptor field, ref Utf8JsonReader reader, JsonPath path)
    {
        switch (field.FieldType)
        {
            case FieldType.Message:
            case FieldType.Group:
                return ReadMessage(field.MessageType, ref reader, path);
            case FieldType.Enum:
                return ReadEnum(field, ref reader, path);
            case FieldType.String:
                if (reader.TokenType != JsonTokenType.String)
                {
                    throw Error(path, $"Expecting a JSON string, found {Describe(reader.TokenType)}");
                }

                return ReadString(ref reader, path);
            case FieldType.Bytes:
                return ReadBytes(ref reader, path);
            case FieldType.Bool:
                return ReadBool(ref reader, path);
            case FieldType.Double:
                return ReadDouble(ref reader, path);
            case FieldType.Float:
                return (float)ReadDouble(ref reader, path);
            default:
                return ReadInteger(field, NumberText(ref reader, path), path);
        }
    }

    /// <remarks>
    /// As Mesos: only a name is an enum value (a number is refused, as Mesos' parser refuses it), and a
    /// name this version does not know leaves an optional field unset rather than failing the message.
    /// </remarks>
    private static object? ReadEnum(FieldDescriptor field, ref Utf8JsonReader reader, JsonPath path)
    {
        var type = field.EnumType;
        if (reader.TokenType != JsonTokenType.String)
        {
            throw Error(path, $"Expecting a JSON string naming a value of enum '{type.Name}', found {Describe(reader.TokenType)}");
        }

        var name = ReadString(ref reader, path);
        var value = type.FindValueByName(name);
        if (value is not null)
        {
            return Enum.ToObject(type.ClrType, value.Number);
        }

        return field.IsRequired ? throw Error(path, $"Failed to find enum for '{Echo(name)}' in '{type.FullName}'") : null;
    }

    private static ByteString ReadBytes(ref Utf8JsonReader reader, JsonPath path)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw Error(path, $"Expecting a base64 JSON string, found {Describe(reader.TokenType)}");
        }

        // Decoded straight from the body; the text is only made a string when the strict decoder refuses it.
        try
        {
            if (reader.TryGetBytesFromBase64(out var bytes))
            {
                return UnsafeByteOperations.UnsafeWrap(bytes);
            }
        }
        catch (InvalidOperationException e)
        {
            throw Error(path, $"Expecting a base64 JSON string, found escapes that are not valid UTF-16: {e.Message}");
        }

        try
        {
            return ByteString.FromBase64(ReadString(ref reader, path));
        }
        catch (FormatException)
        {
            throw Error(path, "Expecting a base64 JSON string, found invalid base64");
        }
    }

    private static bool ReadBool(ref Utf8JsonReader reader, JsonPath path) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        JsonTokenType.String when reader.ValueTextEquals("true"u8) => true,
        JsonTokenType.String when reader.ValueTextEquals("false"u8) => false,
        _ => throw Error(path, $"Expecting a JSON boolean, found {Describe(reader.TokenType)}"),
    };

    private static double ReadDouble(ref Utf8JsonReader reader, JsonPath path)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            // A literal beyond double's range (1e999) is infinite, as it is to Mesos' parser.
            return reader.TryGetDouble(out var number) ? number : double.Parse(RawNumber(ref reader), NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        if (reader.TokenType == JsonTokenType.String && JsonNumbers.TryParseDouble(ReadString(ref reader, path), out var value))
        {
            return value;
        }

        throw Error(path, $"Expecting a JSON number, found {Describe(reader.TokenType)}");
    }

    private static string NumberText(ref Utf8JsonReader reader, JsonPath path) => reader.TokenType switch
    {
        JsonTokenType.Number => RawNumber(ref reader),
        JsonTokenType.String => ReadString(ref reader, path),
        _ => throw Error(path, $"Expecting a JSON number, found {Describe(reader.TokenType)}"),
    };

    // A number token is never escaped: its bytes are its ASCII text.
    private static string RawNumber(ref Utf8JsonReader reader) => Encoding.ASCII.GetString(reader.ValueSpan);

    private static object ReadInteger(FieldDescriptor field, string text, JsonPath path)
    {
        // Integral values may arrive as 5, "5" or 5.0; anything else must not be rounded silently.
        if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || number != decimal.Truncate(number))
        {
            throw Error(path, $"Expecting an integer, found '{Echo(text)}'");
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
            throw Error(path, $"Integer '{Echo(text)}' is out of range for {field.FieldType}");
        }
    }

    /// <summary>A string token's text; text that is not valid UTF-8, or escapes that are not valid UTF-16, fail with the path.</summary>
    private static string ReadString(ref Utf8JsonReader reader, JsonPath path)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException e)
        {
            throw Error(path, $"Expecting text in valid Unicode: {e.Message}");
        }
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        _ => "null",
    };

    /// <summary>A value as an error message repeats it: a hostile megabyte is cut short.</summary>
    internal static string Echo(string text) => text.Length <= MaxEchoedChars ? text : text[..MaxEchoedChars] + "...";

    private static MesosJsonException Error(JsonPath path, string detail)
    {
        var where = path.ToString();
        return new MesosJsonException(where.Length == 0 ? detail : $"Failed to parse '{where}': {detail}", where);
    }

    /// <summary>Where the reader is, kept as a stack and written out only for an error message.</summary>
    private sealed class JsonPath
    {
        private readonly List<(string? Name, string? Key, int Index)> _segments = [];

        public void Push(string name) => _segments.Add((name, null, 0));

        public void PushKey(string key) => _segments.Add((null, key, 0));

        public void PushIndex(int index) => _segments.Add((null, null, index));

        public void Pop() => _segments.RemoveAt(_segments.Count - 1);

        public override string ToString()
        {
            var text = new StringBuilder();
            foreach (var (name, key, index) in _segments)
            {
                if (name is not null)
                {
                    text.Append(text.Length == 0 ? "" : ".").Append(name);
                }
                else
                {
                    text.Append('[').Append(key is null ? index.ToString(CultureInfo.InvariantCulture) : Echo(key)).Append(']');
                }
            }

            return text.ToString();
        }
    }
}
