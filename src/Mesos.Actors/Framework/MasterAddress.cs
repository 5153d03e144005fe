using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Mesos.Actors.Framework;

/// <summary>Where a master listens: <c>host:port</c>, as schedulers are given it (<c>--master=10.0.0.1:5050</c>).</summary>
public readonly record struct MasterAddress(string Host, int Port)
{
    public const int DefaultPort = 5050;

    /// <summary>The scheduler API of this master.</summary>
    public Uri SchedulerEndpoint => new UriBuilder(Uri.UriSchemeHttp, Host, Port, "/api/v1/scheduler").Uri;

    /// <summary>Reads <c>host:port</c>, <c>host</c> (port 5050), <c>[::1]:5050</c> or <c>http://host:port</c>.</summary>
    /// <exception cref="FormatException">The text is not an address.</exception>
    public static MasterAddress Parse(string text) =>
        TryParse(text, out var address) ? address : throw new FormatException($"'{text}' is not a master address (expected host:port)");

    public static bool TryParse(string? text, out MasterAddress address)
    {
        address = default;
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed)) return false;
        var withScheme = trimmed.Contains("://", StringComparison.Ordinal) ? trimmed : "http://" + trimmed;
        if (!Uri.TryCreate(withScheme, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp
            || string.IsNullOrEmpty(uri.Host) || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.UserInfo.Length > 0)
        {
            return false;
        }
        address = new MasterAddress(uri.Host, uri.IsDefaultPort && !HasExplicitPort(trimmed) ? DefaultPort : uri.Port);
        return true;
    }

    /// <summary>Reads a comma-separated list of masters (<c>m1:5050,m2:5050</c>).</summary>
    /// <exception cref="FormatException">The list is empty or an entry is not an address.</exception>
    public static IReadOnlyList<MasterAddress> ParseList(string text)
    {
        var entries = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (entries.Length == 0) throw new FormatException("No master address given (expected host:port)");
        return entries.Select(Parse).ToArray();
    }

    /// <summary>
    /// The master a redirect points to. A non-leading master answers 307 with a scheme-relative
    /// <c>Location: //host:port/...</c>; absolute locations are read too.
    /// </summary>
    public static bool TryFromLocation(string? location, [NotNullWhen(true)] out MasterAddress? address)
    {
        address = null;
        if (string.IsNullOrWhiteSpace(location)) return false;
        var absolute = location.StartsWith("//", StringComparison.Ordinal) ? "http:" + location : location;
        if (!Uri.TryCreate(absolute, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host)) return false;
        address = new MasterAddress(uri.Host, uri.Port);
        return true;
    }

    public override string ToString() =>
        (Host.Contains(':', StringComparison.Ordinal) && !Host.StartsWith('[') ? $"[{Host}]" : Host) + ":" + Port.ToString(CultureInfo.InvariantCulture);

    // "http://host" and "http://host:80" both have port 80; only the second means it.
    private static bool HasExplicitPort(string text)
    {
        var afterScheme = text.Contains("://", StringComparison.Ordinal) ? text[(text.IndexOf("://", StringComparison.Ordinal) + 3)..] : text;
        var hostEnd = afterScheme.StartsWith('[') ? afterScheme.IndexOf(']', StringComparison.Ordinal) : 0;
        return hostEnd >= 0 && afterScheme.IndexOf(':', hostEnd) >= 0;
    }
}
