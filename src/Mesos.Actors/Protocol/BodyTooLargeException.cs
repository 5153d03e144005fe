namespace Mesos.Actors.Protocol;

/// <summary>A body longer than the caller allows (answer 413).</summary>
public sealed class BodyTooLargeException(long length, long limit)
    : Exception($"Body of {length} bytes exceeds the limit of {limit} bytes")
{
    public long Length { get; } = length;

    public long Limit { get; } = limit;
}
