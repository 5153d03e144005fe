using Google.Protobuf;
using Mesos.V1;
using FileInfo = Mesos.V1.FileInfo;
using Mesos.V1.Agent;

namespace Mesos.Host.Agent.Files;

/// <summary>The agent operator calls LIST_FILES and READ_FILE, confined as /files/browse and /files/read are.</summary>
internal static class AgentFileCalls
{
    /// <summary>The answer to a LIST_FILES or READ_FILE call, or null and why it is refused.</summary>
    public static Response? Answer(Call call, VirtualPaths paths, out Refused? refused)
    {
        refused = null;
        if (call.Type == Call.Types.Type.ListFiles)
        {
            if (SandboxFiles.Browse(paths, call.ListFiles.Path, out var entries) is Refused notListed)
            {
                refused = notListed;
                return null;
            }
            return new Response
            {
                Type = Response.Types.Type.ListFiles,
                ListFiles = new() { FileInfos = { entries.Select(Info) } },
            };
        }
        var read = call.ReadFile;
        long? length = read.HasLength ? (long)Math.Min(read.Length, long.MaxValue) : null;
        if (SandboxFiles.Read(paths, read.Path, (long)Math.Min(read.Offset, long.MaxValue), length, out var chunk) is Refused notRead)
        {
            refused = notRead;
            return null;
        }
        return new Response
        {
            Type = Response.Types.Type.ReadFile,
            ReadFile = new() { Size = (ulong)chunk!.Size, Data = ByteString.CopyFrom(chunk.Data) },
        };
    }

    private static FileInfo Info(FileEntry entry) => new()
    {
        Path = entry.Path,
        Nlink = (int)Math.Min(entry.Stat.Links, int.MaxValue),
        Size = (ulong)Math.Max(0, entry.Stat.Size),
        Mtime = new TimeInfo { Nanoseconds = entry.Stat.ModifiedSeconds * 1_000_000_000 + entry.Stat.ModifiedNanoseconds },
        Mode = entry.Stat.Mode,
        Uid = entry.Owner,
        Gid = entry.Group,
    };
}
