using Mesos.V1;

namespace Mesos.Actors.Containerizer;

/// <summary>The program a container starts for a CommandInfo, and its whole argv.</summary>
internal sealed record CommandLine(string Executable, IReadOnlyList<string> Argv)
{
    /// <exception cref="ArgumentException">The command has no value to run.</exception>
    public static CommandLine Of(CommandInfo command)
    {
        if (!command.HasValue || command.Value.Length == 0) throw new ArgumentException("The command has no value to run");
        if (command.Shell) return new("/bin/sh", ["/bin/sh", "-c", command.Value]);
        // Without a shell, `arguments` is the whole argv, its first element included, as in Mesos.
        return new(command.Value, command.Arguments.Count > 0 ? [.. command.Arguments] : [command.Value]);
    }

    /// <summary>The same program as a CommandInfo that runs it without a shell.</summary>
    public CommandInfo ToCommandInfo() => new() { Shell = false, Value = Executable, Arguments = { Argv } };
}
