using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;

namespace Mesos.Host.Chronos.Scheduler;

/// <summary>An instant in Chronos' journal and messages: its Unix ticks.</summary>
internal sealed class InstantJsonConverter : JsonConverter<Instant>
{
    public override Instant Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Instant.FromUnixTimeTicks(reader.GetInt64());

    public override void Write(Utf8JsonWriter writer, Instant value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(value.ToUnixTimeTicks());
}
