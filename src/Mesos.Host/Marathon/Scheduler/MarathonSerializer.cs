using System.Runtime.Serialization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Akka.Actor;
using Akka.Serialization;
using Mesos.Host.Marathon.State;

namespace Mesos.Host.Marathon.Scheduler;

/// <summary>
/// Marathon's journal events as JSON, named by their type: readable in the store, and later versions read
/// them as long as fields are only added.
/// </summary>
public sealed class MarathonSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    /// <summary>The HOCON that binds the events to this serializer.</summary>
    public const string Config = """
        akka.actor {
          serializers { mesos-marathon = "Mesos.Host.Marathon.Scheduler.MarathonSerializer, mesos" }
          serialization-bindings { "Mesos.Host.Marathon.State.MarathonEvent, mesos" = mesos-marathon }
          serialization-identifiers { "Mesos.Host.Marathon.Scheduler.MarathonSerializer, mesos" = 8080 }
        }
        """;

    private static readonly Dictionary<string, Type> Types = new[]
    {
        typeof(AppSaved), typeof(AppRemoved), typeof(DeploymentStarted), typeof(DeploymentEnded), typeof(InstanceLaunched), typeof(InstanceChanged), typeof(FrameworkRegistered),
        typeof(GroupSaved), typeof(GroupRemoved),
    }.ToDictionary(t => t.Name, StringComparer.Ordinal);

    private static readonly JsonSerializerOptions Options = new()
    {
        Converters = { new JsonStringEnumConverter() },
        RespectRequiredConstructorParameters = true,
    };

    public override int Identifier => 8080;

    public override string Manifest(object o) => o.GetType().Name;

    public override byte[] ToBinary(object obj) => JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), Options);

    public override object FromBinary(byte[] bytes, string manifest) =>
        Types.TryGetValue(manifest, out var type)
            ? JsonSerializer.Deserialize(bytes, type, Options) ?? throw new SerializationException($"An empty {manifest} in the journal")
            : throw new SerializationException($"Unknown Marathon event '{manifest}' in the journal");
}
