using System.Globalization;
using System.Text;

namespace Mesos.Actors.Protocol;

/// <summary>
/// The identifiers the master mints, in Mesos' formats (tools parse them, e.g. the
/// <c>-S</c> of an agent ID), and the check for client-chosen IDs that become directory
/// names in an agent's work directory.
/// </summary>
public static class Ids
{
    /// <summary>
    /// The longest ID accepted as a directory name, in UTF-8 bytes: the file name limit of
    /// Linux file systems (NAME_MAX).
    /// </summary>
    public const int MaxPathIdBytes = 255;

    /// <summary><c>&lt;master-id&gt;-0000</c>: the counter zero-padded to four digits (more when it outgrows them).</summary>
    public static string FrameworkId(string masterId, long counter) =>
        $"{Check(masterId)}-{NonNegative(counter).ToString("D4", CultureInfo.InvariantCulture)}";

    /// <summary><c>&lt;master-id&gt;-S&lt;n&gt;</c>.</summary>
    public static string AgentId(string masterId, long counter) =>
        $"{Check(masterId)}-S{NonNegative(counter).ToString(CultureInfo.InvariantCulture)}";

    /// <summary><c>&lt;master-id&gt;-O&lt;n&gt;</c>.</summary>
    public static string OfferId(string masterId, long counter) =>
        $"{Check(masterId)}-O{NonNegative(counter).ToString(CultureInfo.InvariantCulture)}";

    /// <summary>
    /// Why <paramref name="id"/> cannot name a directory (empty, <c>.</c> or <c>..</c>, a
    /// path separator, a control character, whitespace other than a plain space, or longer than
    /// <see cref="MaxPathIdBytes"/>), or null if it can. These are Mesos' rules for IDs that become
    /// directory names, and whitespace that tools cannot tell from a separator or from nothing
    /// (a no-break space, a line separator); a plain space stays valid, as mesos-execute names a
    /// task after its <c>--name</c>.
    /// </summary>
    /// <param name="kind">What the ID identifies, for the message, e.g. "Task ID".</param>
    public static string? ValidatePathComponent(string? id, string kind = "ID")
    {
        if (string.IsNullOrEmpty(id))
        {
            return $"{kind} must not be empty";
        }

        if (id is "." or "..")
        {
            return $"{kind} '{id}' is disallowed";
        }

        foreach (var c in id)
        {
            if (c is '/' or '\\')
            {
                return $"{kind} '{id}' contains a path separator";
            }

            if (char.IsControl(c))
            {
                return $"{kind} contains a control character (U+{(int)c:X4})";
            }

            if (char.IsWhiteSpace(c) && c != ' ')
            {
                return $"{kind} contains whitespace other than a space (U+{(int)c:X4})";
            }
        }

        var bytes = Encoding.UTF8.GetByteCount(id);
        return bytes > MaxPathIdBytes ? $"{kind} is {bytes} bytes long; at most {MaxPathIdBytes} are allowed" : null;
    }

    /// <summary>
    /// Why <paramref name="id"/> cannot be a framework or agent ID, or null if it can. Masters mint
    /// these (a UUID and a counter), so beyond being a directory name (<see cref="ValidatePathComponent"/>)
    /// one holds only printable ASCII without spaces: anything else came from a hostile or broken client.
    /// </summary>
    public static string? ValidateMintedId(string? id, string kind)
    {
        if (ValidatePathComponent(id, kind) is { } bad) return bad;
        return id!.Any(c => c is <= ' ' or > '~') ? $"{kind} '{id}' contains invalid characters" : null;
    }

    private static string Check(string masterId)
    {
        ArgumentException.ThrowIfNullOrEmpty(masterId);
        return masterId;
    }

    private static long NonNegative(long counter)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(counter);
        return counter;
    }
}
