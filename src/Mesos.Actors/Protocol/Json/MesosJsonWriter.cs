using System.Collections;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Mesos.Actors.Protocol.Json;

/// <summary>
/// Mesos' JSON for a protobuf message, walked by reflection: proto field names, only the
/// fields that are set, enums by name, bytes in base64 and 64-bit integers as numbers
/// (Google's formatter writes them as strings, which Mesos clients do not expect).
/// </summary>
internal static class MesosJsonWriter
{
    public static void WriteMessage(Utf8JsonWriter writer, IMessage message)
    {
        writer.WriteStartObject();
        foreach (var field in message.Descriptor.Fields.InDeclarationOrder())
        {
            var value = field.Accessor.GetValue(message);
            if (field.IsMap)
            {
                var map = (IDictionary)value;
                if (map.Count == 0)
                {
                    continue;
                }

                writer.WritePropertyName(field.Name);
                WriteMap(writer, field, map);
            }
            else if (field.IsRepeated)
            {
                var list = (IList)value;
                if (list.Count == 0)
                {
                    continue;
                }

                writer.WritePropertyName(field.Name);
                writer.WriteStartArray();
                foreach (var item in list)
                {
                    WriteSingle(writer, field, item);
                }

                writer.WriteEndArray();
            }
            else if (field.Accessor.HasValue(message))
            {
                writer.WritePropertyName(field.Name);
                WriteSingle(writer, field, value);
            }
        }

        writer.WriteEndObject();
    }

    private static void WriteMap(Utf8JsonWriter writer, FieldDescriptor field, IDictionary map)
    {
        var valueField = field.MessageType.FindFieldByNumber(2);
        writer.WriteStartObject();
        foreach (DictionaryEntry entry in map)
        {
            writer.WritePropertyName(MapKeyText(entry.Key));
            if (ScalarMaps.IsScalarValue(valueField))
            {
                // Mesos writes scalar quantities bare: {"cpus": 1.5}, not {"cpus": {"value": 1.5}}.
                JsonNumbers.WriteDouble(writer, ScalarMaps.ValueOf((IMessage)entry.Value!));
            }
            else
            {
                WriteSingle(writer, valueField, entry.Value!);
            }
        }

        writer.WriteEndObject();
    }

    private static string MapKeyText(object key) => key switch
    {
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => key.ToString() ?? "",
    };

    private static void WriteSingle(Utf8JsonWriter writer, FieldDescriptor field, object value)
    {
        switch (field.FieldType)
        {
            case FieldType.Message:
            case FieldType.Group:
                WriteMessage(writer, (IMessage)value);
                break;
            case FieldType.Enum:
                var number = Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture);
                var enumValue = field.EnumType.FindValueByNumber(number);
                if (enumValue is null)
                {
                    writer.WriteNumberValue(number);
                }
                else
                {
                    writer.WriteStringValue(enumValue.Name);
                }

                break;
            case FieldType.String:
                writer.WriteStringValue((string)value);
                break;
            case FieldType.Bytes:
                writer.WriteStringValue(((ByteString)value).ToBase64());
                break;
            case FieldType.Bool:
                writer.WriteBooleanValue((bool)value);
                break;
            case FieldType.Double:
                JsonNumbers.WriteDouble(writer, (double)value);
                break;
            case FieldType.Float:
                JsonNumbers.WriteDouble(writer, (float)value);
                break;
            case FieldType.Int32:
            case FieldType.SInt32:
            case FieldType.SFixed32:
                writer.WriteNumberValue((int)value);
                break;
            case FieldType.UInt32:
            case FieldType.Fixed32:
                writer.WriteNumberValue((uint)value);
                break;
            case FieldType.Int64:
            case FieldType.SInt64:
            case FieldType.SFixed64:
                writer.WriteNumberValue((long)value);
                break;
            case FieldType.UInt64:
            case FieldType.Fixed64:
                writer.WriteNumberValue((ulong)value);
                break;
            default:
                throw new InvalidOperationException($"Unsupported field type {field.FieldType} of '{field.FullName}'");
        }
    }
}
