namespace Mesos.Host.Agent.Files;

/// <summary>
/// Owner and group names for file listings, which Mesos gives by name: read once from /etc/passwd and
/// /etc/group; an id without a name there is shown as its number.
/// </summary>
internal static class UserNames
{
    private static readonly Lazy<IReadOnlyDictionary<uint, string>> Users = new(() => Read("/etc/passwd"));
    private static readonly Lazy<IReadOnlyDictionary<uint, string>> Groups = new(() => Read("/etc/group"));

    public static string User(uint uid) => Users.Value.TryGetValue(uid, out var name) ? name : uid.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string Group(uint gid) => Groups.Value.TryGetValue(gid, out var name) ? name : gid.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>name:password:id:... lines; the first name of an id wins.</summary>
    private static Dictionary<uint, string> Read(string file)
    {
        var names = new Dictionary<uint, string>();
        if (!File.Exists(file)) return names;
        foreach (var line in File.ReadLines(file))
        {
            var fields = line.Split(':');
            if (fields.Length > 2 && uint.TryParse(fields[2], out var id)) names.TryAdd(id, fields[0]);
        }
        return names;
    }
}
