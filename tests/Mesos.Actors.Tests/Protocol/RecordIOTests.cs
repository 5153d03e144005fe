using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Mesos.Actors.Protocol.RecordIO;

namespace Mesos.Actors.Tests.Protocol;

public sealed class RecordIOTests
{
    [Fact]
    public async Task Writer_frames_with_a_decimal_length_and_a_newline()
    {
        var buffer = new MemoryStream();
        await new RecordIOWriter(buffer).WriteAsync("{\"type\":\"HEARTBEAT\"}"u8.ToArray());

        Encoding.ASCII.GetString(buffer.ToArray()).Should().Be("20\n{\"type\":\"HEARTBEAT\"}");
    }

    [Fact]
    public void Records_survive_any_chunking_of_the_stream()
    {
        var records = Gen.Choose(1, 300).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), n)).ListOf();
        var chunks = Gen.Choose(1, 40).ListOf();

        Prop.ForAll(records.ToArbitrary(), chunks.ToArbitrary(), (recordList, chunkSizes) =>
        {
            var framed = recordList.SelectMany(r => RecordIOWriter.Encode(r)).ToArray();
            var read = ReadAll(new ChunkedStream(framed, chunkSizes.ToArray()), maxRecordBytes: 1000);
            return read.Count == recordList.Count && read.Zip(recordList).All(p => p.First.SequenceEqual(p.Second));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(200));
    }

    [Theory]
    [InlineData("12x\n")]
    [InlineData("\nabc")]
    [InlineData("0\n")]
    [InlineData("-1\n")]
    public async Task Malformed_lengths_are_refused(string stream)
    {
        var read = () => Reader(stream, 100).ReadAsync().AsTask();

        await read.Should().ThrowAsync<RecordIOException>();
    }

    [Fact]
    public async Task Records_over_the_limit_are_refused_before_they_are_read()
    {
        var read = () => Reader("101\n", 100).ReadAsync().AsTask();
        var huge = () => Reader("99999999999999999999999\n", 100).ReadAsync().AsTask();

        (await read.Should().ThrowAsync<RecordIOException>()).WithMessage("*limit of 100 bytes*");
        await huge.Should().ThrowAsync<RecordIOException>();
    }

    [Fact]
    public async Task End_of_stream_between_records_ends_cleanly_and_inside_one_is_an_error()
    {
        var clean = Reader("3\nabc", 100);
        (await clean.ReadAsync()).Should().Equal("abc"u8.ToArray());
        (await clean.ReadAsync()).Should().BeNull();

        var cutInBody = () => Reader("3\nab", 100).ReadAsync().AsTask();
        var cutInLength = () => Reader("3", 100).ReadAsync().AsTask();
        await cutInBody.Should().ThrowAsync<RecordIOException>().WithMessage("*inside a record*");
        await cutInLength.Should().ThrowAsync<RecordIOException>();
    }

    private static RecordIOReader Reader(string stream, int max) => new(new MemoryStream(Encoding.ASCII.GetBytes(stream)), max);

    private static List<byte[]> ReadAll(Stream stream, int maxRecordBytes)
    {
        var reader = new RecordIOReader(stream, maxRecordBytes);
        var records = new List<byte[]>();
        while (reader.ReadAsync().AsTask().GetAwaiter().GetResult() is { } record)
        {
            records.Add(record);
        }

        return records;
    }

    /// <summary>Hands out its bytes in the given chunk sizes, as a network stream might.</summary>
    private sealed class ChunkedStream(byte[] data, int[] chunkSizes) : Stream
    {
        private int _position;
        private int _chunk;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => data.Length;

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var size = chunkSizes.Length == 0 ? count : chunkSizes[_chunk++ % chunkSizes.Length];
            var take = Math.Min(Math.Min(size, count), data.Length - _position);
            Array.Copy(data, _position, buffer, offset, take);
            _position += take;
            return take;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
