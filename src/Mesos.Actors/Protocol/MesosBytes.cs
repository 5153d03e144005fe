using System.Globalization;

namespace Mesos.Actors.Protocol;

/// <summary>Sizes as Mesos writes them in flags: a whole number and B, KB, MB, GB or TB, in powers of 1024 ("2GB", "512MB").</summary>
public static class MesosBytes
{
    private static readonly (string Unit, long Length)[] Units =
    [
        ("TB", 1L << 40),
        ("GB", 1L << 30),
        ("MB", 1L << 20),
        ("KB", 1L << 10),
        ("B", 1),
    ];

    public static bool TryParse(string text, out long bytes)
    {
        bytes = 0;
        var trimmed = text.Trim();
        foreach (var (unit, length) in Units)
        {
            if (!trimmed.EndsWith(unit, StringComparison.OrdinalIgnoreCase)) continue;
            var number = trimmed[..^unit.Length].Trim();
            if (!long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > long.MaxValue / length) return false;
            bytes = value * length;
            return true;
        }
        return false;
    }
}
