using System.Buffers.Binary;
using System.Security.Cryptography;
using Google.Protobuf;

namespace Mesos.Actors.Agent.Checkpoints;

/// <summary>
/// The agent's checkpoints: protobuf messages in files under <c>&lt;work_dir&gt;/meta</c>, at paths laid
/// out as Mesos' agent lays them out (<see cref="CheckpointPaths"/>). A file is written whole or not at
/// all: to a temporary file beside it, synced, renamed over the old one, and the directory synced, so
/// that a crash at any moment leaves the previous checkpoint or the new one. Each file carries the
/// length and SHA-256 of its message, so a torn, truncated or empty file is reported as corrupt and
/// never read as empty state.
/// </summary>
public sealed class CheckpointStore
{
    private static ReadOnlySpan<byte> Magic => "MCK1"u8;
    private const int HashLength = 32;
    private const int HeaderLength = 4 + 4 + HashLength;

    public CheckpointStore(string metaDir) => MetaDir = Path.GetFullPath(metaDir);

    /// <summary>The root of every checkpoint: <c>&lt;work_dir&gt;/meta</c>.</summary>
    public string MetaDir { get; }

    /// <summary>Replaces the checkpoint at <paramref name="path"/> (relative to the meta dir) with <paramref name="message"/>, durably.</summary>
    public void Write(string path, IMessage message)
    {
        var file = Resolve(path);
        var directory = Path.GetDirectoryName(file)!;
        CreateDirectories(directory);
        var payload = message.ToByteArray();
        var temporary = file + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(Header(payload));
            stream.Write(payload);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, file, overwrite: true);
        DirectorySync.Sync(directory);
    }

    /// <summary>
    /// The checkpoint at <paramref name="path"/>, or null when none was ever written; a file that is
    /// there but not whole throws <see cref="CorruptCheckpointException"/>.
    /// </summary>
    public T? Read<T>(string path, MessageParser<T> parser) where T : class, IMessage<T>
    {
        var file = Resolve(path);
        if (!File.Exists(file)) return null;
        var bytes = File.ReadAllBytes(file);
        if (bytes.Length == 0) throw new CorruptCheckpointException(file, "the file is empty");
        if (bytes.Length < HeaderLength || !bytes.AsSpan(0, 4).SequenceEqual(Magic))
        {
            throw new CorruptCheckpointException(file, $"the file is not a checkpoint, or its header is torn ({bytes.Length} bytes)");
        }
        var length = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4, 4));
        var payload = bytes.AsSpan(HeaderLength);
        if (length != payload.Length)
        {
            throw new CorruptCheckpointException(file, $"the file is torn: it holds {payload.Length} bytes of a {length}-byte checkpoint");
        }
        if (!SHA256.HashData(payload).AsSpan().SequenceEqual(bytes.AsSpan(8, HashLength)))
        {
            throw new CorruptCheckpointException(file, "the checkpoint does not match its checksum");
        }
        try
        {
            return parser.ParseFrom(payload);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new CorruptCheckpointException(file, $"the checkpoint is not a {typeof(T).Name}: {e.Message}");
        }
    }

    /// <summary>Removes the checkpoints under <paramref name="path"/> (a file or a directory), durably.</summary>
    public void Delete(string path)
    {
        var target = Resolve(path);
        if (Directory.Exists(target)) Directory.Delete(target, recursive: true);
        else if (File.Exists(target)) File.Delete(target);
        else return;
        DirectorySync.Sync(Path.GetDirectoryName(target)!);
    }

    /// <summary>The names of the directories in <paramref name="path"/>; none when it does not exist.</summary>
    public IReadOnlyList<string> Directories(string path)
    {
        var directory = Resolve(path);
        return Directory.Exists(directory) ? [.. Directory.EnumerateDirectories(directory).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)] : [];
    }

    /// <summary>Makes the directory <paramref name="path"/> durably, for a file something else writes there; returns its full path.</summary>
    public string EnsureDirectory(string path)
    {
        var directory = Resolve(path);
        CreateDirectories(directory);
        return directory;
    }

    /// <summary>The full path of <paramref name="path"/> under the meta dir.</summary>
    public string FullPath(string path) => Resolve(path);

    private static byte[] Header(byte[] payload)
    {
        var header = new byte[HeaderLength];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4, 4), payload.Length);
        SHA256.HashData(payload, header.AsSpan(8, HashLength));
        return header;
    }

    /// <summary>The file under the meta dir; a path that would leave it (absolute, or with ..) is refused.</summary>
    private string Resolve(string path)
    {
        var full = Path.GetFullPath(Path.Combine(MetaDir, path));
        if (Path.IsPathRooted(path) || !full.StartsWith(MetaDir + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Checkpoint path '{path}' is not under {MetaDir}", nameof(path));
        }
        return full;
    }

    /// <summary>Creates the missing directories of <paramref name="directory"/>, each synced into its parent.</summary>
    private void CreateDirectories(string directory)
    {
        if (Directory.Exists(directory)) return;
        var parent = Path.GetDirectoryName(directory)!;
        if (directory != MetaDir) CreateDirectories(parent);
        Directory.CreateDirectory(directory);
        DirectorySync.Sync(parent);
    }
}

/// <summary>A checkpoint that is there but cannot be read whole: the agent must not start from it as if it were empty.</summary>
public sealed class CorruptCheckpointException(string file, string reason) : IOException($"Checkpoint {file} is corrupt: {reason}")
{
    public string File { get; } = file;
}
