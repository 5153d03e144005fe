using System.Collections;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Mesos.Actors.Protocol.Json;

/// <summary>Names the proto2 <c>required</c> fields a message lacks, with their paths.</summary>
internal static class RequiredFields
{
    public static IReadOnlyList<string> Missing(IMessage message)
    {
        var missing = new List<string>();
        Collect(message, "", missing);
        return missing;
    }

    private static void Collect(IMessage message, string path, List<string> missing)
    {
        foreach (var field in message.Descriptor.Fields.InDeclarationOrder())
        {
            var fieldPath = path.Length == 0 ? field.Name : $"{path}.{field.Name}";
            if (field.IsMap)
            {
                var valueField = field.MessageType.FindFieldByNumber(2);
                if (valueField.FieldType == FieldType.Message)
                {
                    foreach (DictionaryEntry entry in (IDictionary)field.Accessor.GetValue(message))
                    {
                        Collect((IMessage)entry.Value!, $"{fieldPath}[{entry.Key}]", missing);
                    }
                }
            }
            else if (field.IsRepeated)
            {
                if (field.FieldType == FieldType.Message)
                {
                    var index = 0;
                    foreach (IMessage item in (IList)field.Accessor.GetValue(message))
                    {
                        Collect(item, $"{fieldPath}[{index}]", missing);
                        index++;
                    }
                }
            }
            else if (!field.Accessor.HasValue(message))
            {
                if (field.IsRequired)
                {
                    missing.Add(fieldPath);
                }
            }
            else if (field.FieldType == FieldType.Message)
            {
                Collect((IMessage)field.Accessor.GetValue(message), fieldPath, missing);
            }
        }
    }
}
