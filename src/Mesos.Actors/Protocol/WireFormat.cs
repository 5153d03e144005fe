namespace Mesos.Actors.Protocol;

/// <summary>The two body encodings of the Mesos v1 HTTP API.</summary>
public enum WireFormat
{
    Json,
    Protobuf,
}
