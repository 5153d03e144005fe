namespace Mesos.Actors.Protocol;

/// <summary>
/// A Content-Type (answer 415) or Accept (answer 406) naming neither
/// <c>application/json</c> nor <c>application/x-protobuf</c>.
/// </summary>
public sealed class UnsupportedMediaTypeException(string message, string? mediaType) : Exception(message)
{
    public string? MediaType { get; } = mediaType;
}
