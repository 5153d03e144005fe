using System.Collections;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Mesos.Host.Tests.Fuzz;

/// <summary>
/// Random protobuf messages of any type, built by reflection from their descriptors, so that every field
/// of every call is reached without a list kept by hand: hostile strings, numbers and roles, ids that are
/// live as often as not, resources that look real with amounts that are not, and missing required
/// fields now and then.
/// </summary>
internal sealed class MessageFuzzer(Random random, LiveIds live)
{
    private const int MaxDepth = 6;

    /// <summary>A call of an API's <c>Call</c> type with its type set and, mostly, the part for that type.</summary>
    public IMessage Call(MessageDescriptor call, EnumValueDescriptor type)
    {
        var message = Message(call, 1);
        var typeField = call.FindFieldByName("type");
        typeField.Accessor.SetValue(message, Enum.ToObject(typeField.EnumType.ClrType, type.Number));
        if (call.FindFieldByName(type.Name.ToLowerInvariant()) is { FieldType: FieldType.Message } part && random.Next(10) > 0)
        {
            part.Accessor.SetValue(message, Message(part.MessageType, 1));
        }
        return message;
    }

    public IMessage Message(MessageDescriptor descriptor, int depth)
    {
        var message = descriptor.Parser.ParseFrom(ByteString.Empty);
        if (Ids.IsId(descriptor))
        {
            descriptor.FindFieldByName("value").Accessor.SetValue(message, Ids.Value(descriptor, random, live));
            return message;
        }
        if (descriptor.FullName == "mesos.v1.Resource" && random.Next(4) > 0) return Resources.Plausible(random);
        foreach (var field in descriptor.Fields.InDeclarationOrder())
        {
            var chance = field.IsRequired ? 0.92 : 0.6 / depth;
            if (random.NextDouble() > chance) continue;
            if (field.FieldType == FieldType.Message && depth >= MaxDepth && !field.IsRequired) continue;
            if (field.IsMap)
            {
                var map = (IDictionary)field.Accessor.GetValue(message);
                var keyField = field.MessageType.FindFieldByNumber(1);
                var valueField = field.MessageType.FindFieldByNumber(2);
                for (var i = random.Next(4); i > 0; i--)
                {
                    var key = keyField.FieldType == FieldType.String && random.Next(3) > 0 ? Resources.Name(random) : Value(keyField, depth + 1);
                    map[key] = Value(valueField, depth + 1);
                }
            }
            else if (field.IsRepeated)
            {
                var list = (IList)field.Accessor.GetValue(message);
                for (var i = random.Next(20) == 0 ? random.Next(20, 200) : random.Next(4); i > 0; i--) list.Add(Value(field, depth + 1));
            }
            else
            {
                field.Accessor.SetValue(message, Value(field, depth + 1));
            }
        }
        return message;
    }

    private object Value(FieldDescriptor field, int depth) => field.FieldType switch
    {
        FieldType.Message or FieldType.Group => Message(field.MessageType, depth),
        FieldType.Enum => Enum.ToObject(field.EnumType.ClrType, random.Next(20) == 0 ? random.Next(-5, 100) : field.EnumType.Values[random.Next(field.EnumType.Values.Count)].Number),
        FieldType.String => field.Name.StartsWith("role", StringComparison.Ordinal) ? HostileValues.Role(random) : HostileValues.String(random),
        FieldType.Bytes => ByteString.CopyFrom(field.Name == "uuid" && random.Next(2) == 0 ? Guid.NewGuid().ToByteArray() : HostileValues.Bytes(random)),
        FieldType.Bool => random.Next(2) == 0,
        FieldType.Double => HostileValues.Double(random),
        FieldType.Float => (float)HostileValues.Double(random),
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => unchecked((int)HostileValues.Integer(random)),
        FieldType.UInt32 or FieldType.Fixed32 => unchecked((uint)HostileValues.Integer(random)),
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => HostileValues.Integer(random),
        _ => unchecked((ulong)HostileValues.Integer(random)),
    };
}
