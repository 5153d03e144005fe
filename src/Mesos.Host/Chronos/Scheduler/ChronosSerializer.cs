using System.Runtime.Serialization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Akka.Actor;
using Akka.Serialization;
using Mesos.Host.Chronos.Runs;
using NodaTime;

namespace Mesos.Host.Chronos.Scheduler;

/// <summary>
/// Chronos' journal events as JSON, named by their type: readable in the store, and later versions read
/// them as long as fields are only added.
/// </summary>
public sealed class ChronosSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    /// <summary>The HOCON that binds the events to this serializer.</summary>
    public const string Config = """
        akka.actor {
          serializers { mesos-chronos = "Mesos.Host.Chronos.Scheduler.ChronosSerializer, mesos" }
          serialization-bindings { "Mesos.Host.Chronos.Runs.ChronosEvent, mesos" = mesos-chronos }
          serialization-identifiers { "Mesos.Host.Chronos.Scheduler.ChronosSerializer, mesos" = 4400 }
        }
        """;

    private static readonly Dictionary<string, Type> Types = new[]
    {
        typeof(JobSaved), typeof(JobDeleted), typeof(ScheduleHandled), typeof(RunStarted), typeof(RunEnded), typeof(JobMarkedSucceeded), typeof(FrameworkRegistered),
    }.ToDictionary(t => t.Name, StringComparer.Ordinal);

    private static readonly JsonSerializerOptions Options = new()
    {
        Converters = { new InstantConverter(), new JsonStringEnumConverter() },
        RespectRequiredConstructorParameters = true,
    };

    public override int Identifier => 4400;

    public override string Manifest(object o) => o.GetType().Name;

    public override byte[] ToBinary(object obj) => JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), Options);

    public override object FromBinary(byte[] bytes, string manifest) =>
        Types.TryGetValue(manifest, out var type)
            ? JsonSerializer.Deserialize(bytes, type, Options) ?? throw new SerializationException($"An empty {manifest} in the journal")
            : throw new SerializationException($"Unknown Chronos event '{manifest}' in the journal");

    private sealed class InstantConverter : JsonConverter<Instant>
    {
        public override Instant Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Instant.FromUnixTimeTicks(reader.GetInt64());

        public override void Write(Utf8JsonWriter writer, Instant value, JsonSerializerOptions options) =>
            writer.WriteNumberValue(value.ToUnixTimeTicks());
    }
}
