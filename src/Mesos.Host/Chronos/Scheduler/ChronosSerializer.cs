using System.Text.Json;
using System.Text.Json.Serialization;
using Akka.Actor;
using Mesos.Host.Chronos.Runs;
using Mesos.Host.Frameworks;
using NodaTime;

namespace Mesos.Host.Chronos.Scheduler;

/// <summary>Chronos' journal events as JSON; instants as Unix ticks.</summary>
public sealed class ChronosSerializer(ExtendedActorSystem system) : JsonEventSerializer(system, Id, "Chronos",
    [typeof(JobSaved), typeof(JobDeleted), typeof(ScheduleHandled), typeof(RunStarted), typeof(RunEnded), typeof(JobMarkedSucceeded), typeof(FrameworkRegistered)],
    new InstantConverter())
{
    private const int Id = 4400;

    /// <summary>The HOCON that binds the events to this serializer.</summary>
    public static string Config { get; } = Binding<ChronosSerializer, ChronosEvent>("mesos-chronos", Id);

    private sealed class InstantConverter : JsonConverter<Instant>
    {
        public override Instant Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Instant.FromUnixTimeTicks(reader.GetInt64());

        public override void Write(Utf8JsonWriter writer, Instant value, JsonSerializerOptions options) =>
            writer.WriteNumberValue(value.ToUnixTimeTicks());
    }
}
