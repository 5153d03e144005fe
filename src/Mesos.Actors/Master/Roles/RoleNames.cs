namespace Mesos.Actors.Master.Roles;

/// <summary>
/// Role names as Mesos accepts them: <c>*</c>, or '/'-separated segments (a hierarchy) that are
/// not empty, not <c>.</c>, <c>..</c> or <c>*</c>, do not start with '-', and hold no whitespace or control characters.
/// Names are bounded too (Mesos has no bound; ours keeps a hostile 10 KB name out of every view and log).
/// </summary>
internal static class RoleNames
{
    public const string Default = "*";

    /// <summary>The longest role name, in characters.</summary>
    public const int MaxLength = 1024;

    /// <summary>Why <paramref name="role"/> is not a valid role name, or null when it is.</summary>
    public static string? Validate(string role)
    {
        if (role.Length == 0) return "Empty role name is invalid";
        if (role == Default) return null;
        if (role.Length > MaxLength) return $"Role name is {role.Length} characters long; at most {MaxLength} are allowed";
        if (role.StartsWith('/') || role.EndsWith('/')) return $"Role '{role}' cannot start or end with '/'";
        foreach (var segment in role.Split('/'))
        {
            if (segment.Length == 0) return $"Role '{role}' cannot contain an empty path segment ('//')";
            if (segment is "." or ".." or Default) return $"Role '{role}' cannot have '{segment}' as a path segment";
            if (segment.StartsWith('-')) return $"Role '{role}' has a path segment starting with '-'";
            if (segment.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))) return $"Role '{role}' cannot contain whitespace or control characters";
        }

        return null;
    }

    /// <summary>The role <paramref name="role"/> is nested in, or null for a top-level role.</summary>
    public static string? Parent(string role)
    {
        var slash = role.LastIndexOf('/');
        return slash > 0 ? role[..slash] : null;
    }
}
