namespace Mesos.Host.Cli;

/// <summary>Values written into HOCON text that the commands build from flags.</summary>
internal static class Hocon
{
    /// <summary>A string as the inside of a quoted HOCON string: backslashes and quotes escaped.</summary>
    public static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
