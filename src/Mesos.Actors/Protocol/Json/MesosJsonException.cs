namespace Mesos.Actors.Protocol.Json;

/// <summary>
/// A request or response body that cannot be decoded: malformed JSON or protobuf,
/// a value of the wrong type, an unknown enum name, or a missing required field.
/// The message is fit to return to the client in a 400 response.
/// </summary>
public sealed class MesosJsonException : Exception
{
    public MesosJsonException(string message, string path = "")
        : base(message)
    {
        Path = path;
    }

    public MesosJsonException(string message, Exception inner)
        : base(message, inner)
    {
        Path = "";
    }

    /// <summary>Where in the document the problem is, e.g. <c>subscribe.framework_info.user</c>; empty for the whole body.</summary>
    public string Path { get; }
}
