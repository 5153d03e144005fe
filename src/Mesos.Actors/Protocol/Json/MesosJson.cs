using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Mesos.Actors.Protocol.Json;

/// <summary>
/// Mesos' JSON encoding of any v1 message (see MESOS-WIRE.md): what pymesos, the Mesos
/// CLI and the web UI send and expect.
/// </summary>
public static class MesosJson
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 128 };

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
        using var document = ParseDocument(utf8Json);
        var message = MesosJsonReader.ReadMessage(descriptor, document.RootElement, "");
        EnsureInitialized(message);
        return message;
    }

    /// <summary>Reads a message from an already parsed JSON value, e.g. one element of a larger document.</summary>
    public static T Parse<T>(JsonElement element)
        where T : IMessage<T>, new()
    {
        var message = (T)MesosJsonReader.ReadMessage(new T().Descriptor, element, "");
        EnsureInitialized(message);
        return message;
    }

    /// <exception cref="MesosJsonException">Some required field is unset; the message names all of them.</exception>
    public static void EnsureInitialized(IMessage message)
    {
        var missing = RequiredFields.Missing(message);
        if (missing.Count > 0)
        {
            throw new MesosJsonException($"Missing required fields: {string.Join(", ", missing)}", missing[0]);
        }
    }

    private static JsonDocument ParseDocument(ReadOnlySpan<byte> utf8Json)
    {
        try
        {
            return JsonDocument.Parse(utf8Json.ToArray(), DocumentOptions);
        }
        catch (JsonException e)
        {
            throw new MesosJsonException($"Failed to parse body into JSON: {e.Message}", e);
        }
    }
}
