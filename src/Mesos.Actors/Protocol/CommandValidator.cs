using Mesos.V1;

namespace Mesos.Actors.Protocol;

/// <summary>
/// Checks a command a framework sends, before the master passes it on and again before an agent checkpoints or runs
/// it: its environment as Mesos checks it, and what no process can be given (a NUL character, which ends a C string,
/// in its value, arguments, user or environment; a variable name that is empty or holds '='). The answer is why it is
/// invalid, or null.
/// </summary>
public static class CommandValidator
{
    /// <summary>The command of a task, if it has one, with the message Mesos gives.</summary>
    public static string? ValidateTask(TaskInfo task) =>
        task.Command is { } command && Validate(command) is { } error ? "Task's `CommandInfo` is invalid: " + error : null;

    /// <summary>The command of an executor, if it has one, with the message Mesos gives.</summary>
    public static string? ValidateExecutor(ExecutorInfo executor) =>
        executor.Command is { } command && Validate(command) is { } error ? "Executor's `CommandInfo` is invalid: " + error : null;

    private static string? Validate(CommandInfo command)
    {
        if (HasNul(command.Value)) return "'CommandInfo.value' contains a NUL character";
        if (command.Arguments.Any(HasNul)) return "'CommandInfo.arguments' contains a NUL character";
        if (HasNul(command.User)) return "'CommandInfo.user' contains a NUL character";
        if (command.Uris.Any(u => HasNul(u.Value) || HasNul(u.OutputFile))) return "'CommandInfo.uris' contains a NUL character";
        return command.Environment is { } environment ? ValidateEnvironment(environment) : null;
    }

    private static string? ValidateEnvironment(Mesos.V1.Environment environment)
    {
        foreach (var variable in environment.Variables)
        {
            if (variable.Name.Length == 0) return "An environment variable has no name";
            if (variable.Name.Contains('=') || HasNul(variable.Name)) return $"Environment variable name '{Printable(variable.Name)}' contains '=' or a NUL character";
            switch (variable.Type)
            {
                case Mesos.V1.Environment.Types.Variable.Types.Type.Value:
                    if (!variable.HasValue) return $"Environment variable '{variable.Name}' of type 'VALUE' must have a value set";
                    if (variable.Secret is not null) return $"Environment variable '{variable.Name}' of type 'VALUE' must not have a secret set";
                    if (HasNul(variable.Value)) return $"Environment variable '{variable.Name}' has a value that contains a NUL character";
                    break;
                case Mesos.V1.Environment.Types.Variable.Types.Type.Secret:
                    if (variable.Secret is null) return $"Environment variable '{variable.Name}' of type 'SECRET' must have a secret set";
                    if (variable.HasValue) return $"Environment variable '{variable.Name}' of type 'SECRET' must not have a value set";
                    break;
                default:
                    return "Environment variable of type 'UNKNOWN' is not allowed";
            }
        }
        return null;
    }

    private static bool HasNul(string value) => value.Contains('\0', StringComparison.Ordinal);

    private static string Printable(string value) => value.Replace("\0", "\\0", StringComparison.Ordinal);
}
