using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Mesos.Actors.Protocol.Json;

/// <summary>Map values of type <c>mesos.v1.Value.Scalar</c>, which Mesos' JSON flattens to a bare number.</summary>
internal static class ScalarMaps
{
    private const string ScalarTypeName = "mesos.v1.Value.Scalar";

    public static bool IsScalarValue(FieldDescriptor valueField) =>
        valueField.FieldType == FieldType.Message && valueField.MessageType.FullName == ScalarTypeName;

    public static double ValueOf(IMessage scalar) =>
        (double)scalar.Descriptor.FindFieldByNumber(1).Accessor.GetValue(scalar);

    public static IMessage Create(MessageDescriptor scalarType, double value)
    {
        var scalar = scalarType.Parser.ParseFrom(ByteString.Empty);
        scalarType.FindFieldByNumber(1).Accessor.SetValue(scalar, value);
        return scalar;
    }
}
