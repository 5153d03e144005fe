using Akka.Configuration;

namespace Mesos.Host.Cli.Flags;

/// <summary>
/// What Akka's HOCON parser and Config getters throw for text or a value they cannot read (GetBoolean
/// throws NotSupportedException for a word that is not a boolean).
/// </summary>
internal static class ConfigErrors
{
    public static bool Is(Exception e) =>
        e is ConfigurationException or FormatException or OverflowException or ArgumentException or InvalidCastException or NotSupportedException;
}
