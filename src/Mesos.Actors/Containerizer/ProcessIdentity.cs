using System.Globalization;

namespace Mesos.Actors.Containerizer;

/// <summary>
/// A process as the kernel tells it apart from every other: its pid, when it started (clock ticks since
/// boot, /proc/&lt;pid&gt;/stat's field 22) and the boot it started in. A pid alone may have been given to
/// another process by the time an agent that restarted looks for it again.
/// </summary>
public sealed record ProcessIdentity(int Pid, ulong StartTime, string BootId)
{
    /// <summary>The process with this pid now; its start time is 0 when it has already gone.</summary>
    public static ProcessIdentity Of(int pid) => new(pid, StartTimeOf(pid) ?? 0, CurrentBootId());

    /// <summary>Whether this very process still runs (a zombie has ended).</summary>
    public bool IsRunning() =>
        StartTime != 0 && BootId == CurrentBootId() && StartTimeOf(Pid) == StartTime && State(Pid) is not ('Z' or 'X' or null);

    public static string CurrentBootId() => ReadOrNull("/proc/sys/kernel/random/boot_id")?.Trim() ?? "";

    private static ulong? StartTimeOf(int pid) =>
        Fields(pid) is { Length: > 19 } fields && ulong.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var start) ? start : null;

    private static char? State(int pid) => Fields(pid) is { Length: > 0 } fields && fields[0].Length == 1 ? fields[0][0] : null;

    /// <summary>The fields of /proc/&lt;pid&gt;/stat after the command's name (which may hold spaces and parentheses): state first.</summary>
    private static string[]? Fields(int pid)
    {
        if (ReadOrNull($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat") is not { } stat) return null;
        var end = stat.LastIndexOf(')');
        return end < 0 ? null : stat[(end + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    private static string? ReadOrNull(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
