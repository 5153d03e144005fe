namespace Mesos.Host.Cli.Flags;

internal enum FlagType
{
    Text,
    Integer,
    Boolean,
    Duration,
}

/// <summary>A Mesos command-line flag and the setting of hocon/reference.conf it sets.</summary>
/// <param name="Name">Mesos' name, with underscores: <c>work_dir</c>.</param>
/// <param name="ConfigPath">The HOCON path: <c>mesos.master.work-dir</c>.</param>
internal sealed record Flag(string Name, string ConfigPath, FlagType Type, string Description)
{
    public string OptionName => "--" + Name;

    public string EnvironmentName => "MESOS_" + Name;

    /// <summary>The values a text flag takes, in any case, when only some are valid.</summary>
    public IReadOnlyList<string>? Choices { get; init; }
}

/// <summary>A flag value that cannot be used; the message names the flag and says why.</summary>
internal sealed class FlagException(string message) : Exception(message);
