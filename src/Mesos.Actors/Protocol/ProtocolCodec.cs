using Google.Protobuf;
using Mesos.Actors.Protocol.Json;

namespace Mesos.Actors.Protocol;

/// <summary>
/// Chooses between Mesos' JSON and binary protobuf by the request's Content-Type and
/// Accept headers, as the v1 API does: mesos-execute and mesos-go speak protobuf,
/// pymesos and the web UI JSON.
/// </summary>
public sealed class ProtocolCodec
{
    public const string JsonMediaType = "application/json";
    public const string ProtobufMediaType = "application/x-protobuf";

    public ProtocolCodec(long maxBodyBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBodyBytes);
        MaxBodyBytes = maxBodyBytes;
    }

    public long MaxBodyBytes { get; }

    /// <exception cref="UnsupportedMediaTypeException">Content-Type is absent or neither JSON nor protobuf.</exception>
    /// <exception cref="BodyTooLargeException">The body exceeds <see cref="MaxBodyBytes"/>.</exception>
    /// <exception cref="MesosJsonException">The body does not decode into <typeparamref name="T"/>.</exception>
    public T Parse<T>(ReadOnlySpan<byte> body, string? contentType)
        where T : IMessage<T>, new()
    {
        var format = ContentFormat(contentType);
        if (body.Length > MaxBodyBytes)
        {
            throw new BodyTooLargeException(body.Length, MaxBodyBytes);
        }

        return format == WireFormat.Json ? MesosJson.Parse<T>(body) : ParseProtobuf<T>(body);
    }

    /// <exception cref="UnsupportedMediaTypeException">Accept admits neither JSON nor protobuf.</exception>
    public static EncodedMessage Serialize(IMessage message, string? accept)
    {
        ArgumentNullException.ThrowIfNull(message);
        return AcceptFormat(accept) == WireFormat.Json
            ? new EncodedMessage(MesosJson.SerializeToUtf8Bytes(message), JsonMediaType)
            : new EncodedMessage(message.ToByteArray(), ProtobufMediaType);
    }

    public static WireFormat ContentFormat(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            throw new UnsupportedMediaTypeException("Expecting 'Content-Type' to be present", contentType);
        }

        return FormatOf(MediaTypeOnly(contentType))
            ?? throw new UnsupportedMediaTypeException(
                $"Expecting 'Content-Type' of {JsonMediaType} or {ProtobufMediaType}, got '{contentType}'", contentType);
    }

    /// <summary>The reply format for an Accept header: JSON when absent; otherwise the most preferred of the two we speak.</summary>
    public static WireFormat AcceptFormat(string? accept)
    {
        if (string.IsNullOrWhiteSpace(accept))
        {
            return WireFormat.Json;
        }

        WireFormat? best = null;
        var bestQuality = 0.0;
        foreach (var range in accept.Split(','))
        {
            var format = RangeFormat(MediaTypeOnly(range));
            var quality = Quality(range);
            if (format is not null && quality > bestQuality)
            {
                best = format;
                bestQuality = quality;
            }
        }

        return best ?? throw new UnsupportedMediaTypeException(
            $"Expecting 'Accept' to allow {JsonMediaType} or {ProtobufMediaType}, got '{accept}'", accept);
    }

    private static T ParseProtobuf<T>(ReadOnlySpan<byte> body)
        where T : IMessage<T>, new()
    {
        T message;
        try
        {
            message = new MessageParser<T>(() => new T()).ParseFrom(body);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new MesosJsonException($"Failed to parse body into {new T().Descriptor.Name}: {e.Message}", e);
        }

        MesosJson.EnsureInitialized(message);
        return message;
    }

    private static string MediaTypeOnly(string headerPart)
    {
        var semicolon = headerPart.IndexOf(';', StringComparison.Ordinal);
        return (semicolon < 0 ? headerPart : headerPart[..semicolon]).Trim().ToLowerInvariant();
    }

    private static WireFormat? FormatOf(string mediaType) => mediaType switch
    {
        JsonMediaType => WireFormat.Json,
        ProtobufMediaType => WireFormat.Protobuf,
        _ => null,
    };

    private static WireFormat? RangeFormat(string mediaRange) =>
        mediaRange is "*/*" or "application/*" ? WireFormat.Json : FormatOf(mediaRange);

    private static double Quality(string range)
    {
        foreach (var parameter in range.Split(';').Skip(1))
        {
            var pair = parameter.Split('=', 2);
            if (pair.Length == 2 && pair[0].Trim().Equals("q", StringComparison.OrdinalIgnoreCase)
                && double.TryParse(pair[1].Trim(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var q))
            {
                return q;
            }
        }

        return 1.0;
    }
}
