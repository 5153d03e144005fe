using System.Runtime.Serialization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Akka.Actor;
using Akka.Serialization;

namespace Mesos.Host.Frameworks;

/// <summary>
/// A built-in framework's journal events as JSON, named by their type: readable in the store, and later versions
/// read them as long as fields are only added.
/// </summary>
/// <param name="framework">The framework's name, for the errors.</param>
/// <param name="events">Every event type the journal may hold.</param>
/// <param name="converters">Converters beside the one that writes enums by name.</param>
public abstract class JsonEventSerializer(ExtendedActorSystem system, int identifier, string framework, IEnumerable<Type> events, params JsonConverter[] converters)
    : SerializerWithStringManifest(system)
{
    private readonly Dictionary<string, Type> _types = events.ToDictionary(t => t.Name, StringComparer.Ordinal);
    private readonly JsonSerializerOptions _options = Options(converters);

    public override int Identifier => identifier;

    public override string Manifest(object o) => o.GetType().Name;

    public override byte[] ToBinary(object obj) => JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), _options);

    public override object FromBinary(byte[] bytes, string manifest) =>
        _types.TryGetValue(manifest, out var type)
            ? JsonSerializer.Deserialize(bytes, type, _options) ?? throw new SerializationException($"An empty {manifest} in the journal")
            : throw new SerializationException($"Unknown {framework} event '{manifest}' in the journal");

    /// <summary>The HOCON that binds every event deriving from <typeparamref name="TEvent"/> to <typeparamref name="TSerializer"/>.</summary>
    protected static string Binding<TSerializer, TEvent>(string name, int identifier) where TSerializer : JsonEventSerializer => $$"""
        akka.actor {
          serializers { {{name}} = "{{TypeName<TSerializer>()}}" }
          serialization-bindings { "{{TypeName<TEvent>()}}" = {{name}} }
          serialization-identifiers { "{{TypeName<TSerializer>()}}" = {{identifier}} }
        }
        """;

    private static string TypeName<T>() => $"{typeof(T).FullName}, {typeof(T).Assembly.GetName().Name}";

    private static JsonSerializerOptions Options(JsonConverter[] converters)
    {
        var options = new JsonSerializerOptions { RespectRequiredConstructorParameters = true };
        foreach (var converter in converters) options.Converters.Add(converter);
        options.Converters.Add(new JsonStringEnumConverter());
        return options;
    }
}
