using System.Collections;
using System.Collections.Concurrent;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Mesos.Actors.Protocol.Json;

/// <summary>Names the proto2 <c>required</c> fields a message lacks, with their paths.</summary>
internal static class RequiredFields
{
    private static readonly ConcurrentDictionary<MessageDescriptor, Plan> Plans = new();

    /// <remarks>
    /// Every message from the network is checked, so a complete one is walked along a plan made once per
    /// type: only its required fields and the fields that can hold a message with required fields. The
    /// paths are built only for a message that lacks something.
    /// </remarks>
    public static IReadOnlyList<string> Missing(IMessage message)
    {
        if (IsComplete(message)) return [];
        var missing = new List<string>();
        Collect(message, "", missing);
        return missing;
    }

    private static bool IsComplete(IMessage message)
    {
        var plan = Plans.GetOrAdd(message.Descriptor, MakePlan);
        foreach (var field in plan.Required)
        {
            if (!field.Accessor.HasValue(message)) return false;
        }
        foreach (var field in plan.Nested)
        {
            if (field.IsMap)
            {
                foreach (DictionaryEntry entry in (IDictionary)field.Accessor.GetValue(message))
                {
                    if (!IsComplete((IMessage)entry.Value!)) return false;
                }
            }
            else if (field.IsRepeated)
            {
                foreach (IMessage item in (IList)field.Accessor.GetValue(message))
                {
                    if (!IsComplete(item)) return false;
                }
            }
            else if (field.Accessor.HasValue(message) && !IsComplete((IMessage)field.Accessor.GetValue(message)))
            {
                return false;
            }
        }
        return true;
    }

    private static Plan MakePlan(MessageDescriptor descriptor)
    {
        var fields = descriptor.Fields.InDeclarationOrder();
        return new Plan(
            [.. fields.Where(f => f.IsRequired)],
            [.. fields.Where(f => ValueType(f) is { } type && MayLackRequired(type))]);
    }

    /// <summary>The message type a field holds (a map's values), or null when it holds no message.</summary>
    private static MessageDescriptor? ValueType(FieldDescriptor field)
    {
        if (field.IsMap)
        {
            var value = field.MessageType.FindFieldByNumber(2);
            return value.FieldType == FieldType.Message ? value.MessageType : null;
        }
        return field.FieldType is FieldType.Message or FieldType.Group ? field.MessageType : null;
    }

    /// <summary>Whether a message of this type, or one it can hold at any depth, has required fields.</summary>
    private static bool MayLackRequired(MessageDescriptor type)
    {
        var seen = new HashSet<MessageDescriptor> { type };
        var pending = new Stack<MessageDescriptor>([type]);
        while (pending.TryPop(out var current))
        {
            foreach (var field in current.Fields.InDeclarationOrder())
            {
                if (field.IsRequired) return true;
                if (ValueType(field) is { } held && seen.Add(held)) pending.Push(held);
            }
        }
        return false;
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

    private sealed record Plan(FieldDescriptor[] Required, FieldDescriptor[] Nested);
}
