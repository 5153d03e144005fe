using System.Text;

namespace Mesos.Actors.Tests.Cluster.Simulation;

/// <summary>The replicated application of the simulation: a string map, fed "put key value" commands.</summary>
internal sealed class KeyValueStore
{
    private Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public string? Get(string key) => _values.GetValueOrDefault(key);

    public static byte[] PutCommand(string key, string value) => Encoding.UTF8.GetBytes($"put\n{key}\n{value}");

    public static byte[] ProbeCommand(long id) => Encoding.UTF8.GetBytes($"probe\n{id}");

    public static bool IsProbe(byte[] data) => data.Length > 5 && Encoding.UTF8.GetString(data).StartsWith("probe\n", StringComparison.Ordinal);

    public void Apply(byte[] command)
    {
        var parts = Encoding.UTF8.GetString(command).Split('\n');
        if (parts[0] == "put") _values[parts[1]] = parts[2];
    }

    public byte[] Save() =>
        Encoding.UTF8.GetBytes(string.Join('\n', _values.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")));

    public void Restore(byte[] snapshot)
    {
        _values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (snapshot.Length == 0) return;
        foreach (var line in Encoding.UTF8.GetString(snapshot).Split('\n'))
        {
            var at = line.IndexOf('=', StringComparison.Ordinal);
            _values[line[..at]] = line[(at + 1)..];
        }
    }
}
