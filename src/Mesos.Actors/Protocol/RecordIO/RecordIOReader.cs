namespace Mesos.Actors.Protocol.RecordIO;

/// <summary>
/// Reads RecordIO records from a stream whose chunks may split a record, or its length,
/// anywhere. The end of the stream between two records ends the sequence; anywhere else
/// it is an error, as is a malformed length or a record larger than the given limit.
/// </summary>
public sealed class RecordIOReader
{
    // A length that needs more digits than this exceeds any limit a caller can give.
    private const int MaxLengthDigits = 19;

    private readonly Stream _stream;
    private readonly int _maxRecordBytes;
    private readonly byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;

    public RecordIOReader(Stream stream, int maxRecordBytes)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRecordBytes);
        _stream = stream;
        _maxRecordBytes = maxRecordBytes;
    }

    /// <summary>The next record, or null at a clean end of the stream.</summary>
    /// <exception cref="RecordIOException">The stream breaks the framing.</exception>
    public async ValueTask<byte[]?> ReadAsync(CancellationToken cancellationToken = default)
    {
        var length = await ReadLengthAsync(cancellationToken).ConfigureAwait(false);
        if (length is null)
        {
            return null;
        }

        var record = new byte[length.Value];
        var filled = 0;
        while (filled < record.Length)
        {
            if (_start == _end && !await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                throw new RecordIOException($"Stream ended inside a record: {filled} of {record.Length} bytes read");
            }

            var take = Math.Min(_end - _start, record.Length - filled);
            Buffer.BlockCopy(_buffer, _start, record, filled, take);
            _start += take;
            filled += take;
        }

        return record;
    }

    public async IAsyncEnumerable<byte[]> ReadAllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (await ReadAsync(cancellationToken).ConfigureAwait(false) is { } record)
        {
            yield return record;
        }
    }

    private async ValueTask<int?> ReadLengthAsync(CancellationToken cancellationToken)
    {
        long length = 0;
        var digits = 0;
        while (true)
        {
            if (_start == _end && !await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                if (digits == 0)
                {
                    return null;
                }

                throw new RecordIOException("Stream ended inside a record length");
            }

            var b = _buffer[_start++];
            if (b == (byte)'\n')
            {
                if (digits == 0)
                {
                    throw new RecordIOException("Record length is empty");
                }

                if (length == 0)
                {
                    throw new RecordIOException("Record length is zero");
                }

                return (int)length;
            }

            if (b < (byte)'0' || b > (byte)'9')
            {
                throw new RecordIOException($"Record length contains a non-digit byte 0x{b:X2}");
            }

            digits++;
            length = (length * 10) + (b - '0');
            if (digits > MaxLengthDigits || length > _maxRecordBytes)
            {
                throw new RecordIOException($"Record exceeds the limit of {_maxRecordBytes} bytes");
            }
        }
    }

    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        _start = 0;
        _end = await _stream.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false);
        return _end > 0;
    }
}
