namespace Mesos.Host.Http;

/// <summary>A process's flags, as /flags shows them, in the form the v1 operator APIs (GET_FLAGS) list them: by name.</summary>
internal static class FlagProtos
{
    public static IEnumerable<Mesos.V1.Flag> Of(IReadOnlyDictionary<string, string> described) =>
        described.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => new Mesos.V1.Flag { Name = f.Key, Value = f.Value });
}
