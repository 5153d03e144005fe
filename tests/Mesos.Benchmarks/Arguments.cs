using System.Globalization;

namespace Mesos.Benchmarks;

/// <summary>A suite's arguments of the form <c>--name=value</c>.</summary>
internal static class Arguments
{
    public static string? Text(string[] args, string name) =>
        args.FirstOrDefault(a => a.StartsWith(name + "=", StringComparison.Ordinal)) is { } arg ? arg[(name.Length + 1)..] : null;

    public static int Int(string[] args, string name, int fallback) =>
        Text(args, name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
}
