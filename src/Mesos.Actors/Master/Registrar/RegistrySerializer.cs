using Akka.Actor;
using Akka.Serialization;
using Google.Protobuf;
using Mesos.Internal.Registry;

namespace Mesos.Actors.Master.Registrar;

/// <summary>
/// Writes registry events and snapshots as their protobuf bytes (bound in reference.conf), so that a
/// journal stays readable across versions as Mesos' registry does: fields are only ever added.
/// </summary>
public sealed class RegistrySerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    private const string EventManifest = "E";
    private const string SnapshotManifest = "S";

    public override int Identifier => 5050;

    public override byte[] ToBinary(object obj) =>
        obj is RegistryEvent or RegistrySnapshot
            ? ((IMessage)obj).ToByteArray()
            : throw new ArgumentException($"The registry serializer writes registry events and snapshots, not {obj.GetType()}", nameof(obj));

    public override object FromBinary(byte[] bytes, string manifest) => manifest switch
    {
        EventManifest => RegistryEvent.Parser.ParseFrom(bytes),
        SnapshotManifest => RegistrySnapshot.Parser.ParseFrom(bytes),
        _ => throw new System.Runtime.Serialization.SerializationException($"Unknown registry manifest '{manifest}'"),
    };

    public override string Manifest(object o) => o switch
    {
        RegistryEvent => EventManifest,
        RegistrySnapshot => SnapshotManifest,
        _ => throw new ArgumentException($"The registry serializer writes registry events and snapshots, not {o.GetType()}", nameof(o)),
    };
}
