using System.Text.Json;
using System.Text.Json.Serialization;
using Akka.Actor;
using Mesos.Host.Chronos.Jobs;
using Mesos.Host.Chronos.Runs;
using Mesos.Host.Frameworks;
using NodaTime;
using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.Host.Chronos.Scheduler;

/// <summary>
/// The messages between Chronos' scheduler and its job entities as JSON, for when they are on different masters:
/// actor refs by their path, task statuses as their protobuf bytes, a job's schedule read again from its definition.
/// </summary>
public sealed class ChronosMessageSerializer(ExtendedActorSystem system) : JsonEventSerializer(system, Id, "Chronos", Messages,
    new InstantJsonConverter(), new ActorRefConverter(system), new TaskStatusConverter(), new JobEntryConverter())
{
    private const int Id = 4401;

    private static readonly Type[] Messages =
    [
        typeof(JobEntity.Save), typeof(JobEntity.Delete), typeof(JobEntity.RunNow), typeof(JobEntity.MarkSucceeded), typeof(JobEntity.Kill),
        typeof(JobEntity.Get), typeof(JobEntity.Wake), typeof(JobEntity.TaskEnded), typeof(JobEntity.CountParent), typeof(JobEntity.DependentsCounted),
        typeof(JobEntity.Keep), typeof(JobEntity.View), typeof(JobEntity.Succeeded),
        typeof(ChronosReply.Done), typeof(ChronosReply.Refused), typeof(ChronosReply.NotFound),
        typeof(ChronosFramework.LaunchRun), typeof(ChronosFramework.KillRuns), typeof(ChronosFramework.Recorded), typeof(RunNotification),
    ];

    /// <summary>The HOCON that binds the messages to this serializer.</summary>
    public static string Config { get; } = $$"""
        akka.actor {
          serializers { mesos-chronos-messages = "{{TypeName(typeof(ChronosMessageSerializer))}}" }
          serialization-bindings {
            {{string.Join("\n    ", Messages.Select(t => $"\"{TypeName(t)}\" = mesos-chronos-messages"))}}
          }
          serialization-identifiers { "{{TypeName(typeof(ChronosMessageSerializer))}}" = {{Id}} }
        }
        """;

    private static string TypeName(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";

    private sealed class ActorRefConverter(ExtendedActorSystem system) : JsonConverter<IActorRef>
    {
        public override IActorRef Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            system.Provider.ResolveActorRef(reader.GetString()!);

        public override void Write(Utf8JsonWriter writer, IActorRef value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Akka.Serialization.Serialization.SerializedActorPath(value));
    }

    private sealed class TaskStatusConverter : JsonConverter<TaskStatus>
    {
        public override TaskStatus Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            TaskStatus.Parser.ParseFrom(reader.GetBytesFromBase64());

        public override void Write(Utf8JsonWriter writer, TaskStatus value, JsonSerializerOptions options) =>
            writer.WriteBase64StringValue(Google.Protobuf.MessageExtensions.ToByteArray(value));
    }

    // A job's schedule is parsed from its definition, as when it was saved.
    private sealed class JobEntryConverter : JsonConverter<JobEntry>
    {
        public override JobEntry Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var data = JsonSerializer.Deserialize<Data>(ref reader, options) ?? throw new JsonException("An empty job");
            return JobEntry.Saved(data.Definition, data.SavedAt, null) with { Handled = data.Handled, Stats = data.Stats, Recent = data.Recent };
        }

        public override void Write(Utf8JsonWriter writer, JobEntry value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, new Data(value.Definition, value.SavedAt, value.Handled, value.Stats, value.Recent), options);

        private sealed record Data(JobDefinition Definition, Instant SavedAt, Instant Handled, JobStats Stats, System.Collections.Immutable.ImmutableList<RunRecord> Recent);
    }
}
