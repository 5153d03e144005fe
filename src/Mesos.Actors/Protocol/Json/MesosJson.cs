using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using System.Runtime.InteropServices;

namespace Mesos.Actors.Protocol.Json;

/// <summary>
/// Mesos' JSON encoding of any v1 message (see MESOS-WIRE.md): what pymesos, the Mesos
/// CLI and the web UI send and expect.
/// </summary>
public static class MesosJson
{
    public static string Serialize(IMessage message) => Encoding.UTF8.GetString(SerializeToUtf8Bytes(message));

    public static byte[] SerializeToUtf8Bytes(IMessage message)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, message);
        }

        return buffer.ToArray();
    }

    /// <summary>Writes the message as one JSON value, for callers composing larger documents.</summary>
    public static void Write(Utf8JsonWriter writer, IMessage message)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(message);
        MesosJsonWriter.WriteMessage(writer, message);
    }

    public static T Parse<T>(string json)
        where T : IMessage<T>, new() =>
        Parse<T>(Encoding.UTF8.GetBytes(json));

    /// <exception cref="MesosJsonException">The body is not valid JSON for <typeparamref name="T"/>.</exception>
    public static T Parse<T>(ReadOnlySpan<byte> utf8Json)
        where T : IMessage<T>, new() =>
        (T)Parse(new T().Descriptor, utf8Json);

    public static IMessage Parse(MessageDescriptor descriptor, ReadOnlySpan<byte> utf8Json)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        var message = MesosJsonReader.Read(descriptor, utf8Json);
        EnsureInitialized(message);
        return message;
    }

    /// <summary>Reads a message from an already parsed JSON value, e.g. one element of a larger document.</summary>
    public static T Parse<T>(JsonElement element)
        where T : IMessage<T>, new() =>
        (T)Parse(new T().Descriptor, JsonMarshal.GetRawUtf8Value(element));

    /// <exception cref="MesosJsonException">Some required field is unset; the message names all of them.</exception>
    public static void EnsureInitialized(IMessage message)
    {
        var missing = RequiredFields.Missing(message);
        if (missing.Count > 0)
        {
            throw new MesosJsonException($"Missing required fields: {string.Join(", ", missing)}", missing[0]);
        }
    }
}
