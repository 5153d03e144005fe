using System.Text;

namespace Mesos.Actors.Agent;

/// <summary>
/// Checks identifiers that become directory names in a sandbox path, so that no id can climb out
/// of the work directory or produce a name the filesystem refuses.
/// </summary>
internal static class DirectoryNames
{
    /// <summary>NAME_MAX of the common Linux filesystems, in bytes.</summary>
    public const int MaxBytes = 255;

    /// <summary>Why <paramref name="value"/> cannot be a directory name, or null when it can.</summary>
    public static string? Validate(string kind, string? value)
    {
        if (string.IsNullOrEmpty(value)) return $"{kind} must not be empty";
        if (value is "." or "..") return $"{kind} '{value}' must not be '.' or '..'";
        if (Encoding.UTF8.GetByteCount(value) > MaxBytes) return $"{kind} is longer than {MaxBytes} bytes";
        foreach (var c in value)
        {
            if (c is '/' or '\\') return $"{kind} '{value}' must not contain '/' or '\\'";
            if (char.IsControl(c)) return $"{kind} must not contain control characters";
        }
        return null;
    }
}
