using System.Globalization;
using System.Text;

namespace Mesos.Actors.Protocol.RecordIO;

/// <summary>
/// Frames records as <c>&lt;decimal length&gt;\n&lt;bytes&gt;</c>, the framing of every
/// Mesos v1 event stream. Each record is flushed at once: a stream carries events that
/// the other side waits for.
/// </summary>
public sealed class RecordIOWriter(Stream stream)
{
    private readonly Stream _stream = stream ?? throw new ArgumentNullException(nameof(stream));

    /// <summary>One framed record; the length must be positive because readers take a zero length for a broken stream.</summary>
    public static byte[] Encode(ReadOnlySpan<byte> record)
    {
        if (record.IsEmpty)
        {
            throw new ArgumentException("A RecordIO record must not be empty", nameof(record));
        }

        var header = Encoding.ASCII.GetBytes(record.Length.ToString(CultureInfo.InvariantCulture) + "\n");
        var framed = new byte[header.Length + record.Length];
        header.CopyTo(framed, 0);
        record.CopyTo(framed.AsSpan(header.Length));
        return framed;
    }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> record, CancellationToken cancellationToken = default)
    {
        await _stream.WriteAsync(Encode(record.Span), cancellationToken).ConfigureAwait(false);
        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
