using System.CommandLine;
using System.Diagnostics.CodeAnalysis;
using Akka.Configuration;
using Mesos.Actors.Settings;
using Mesos.Host.Cli.Flags;

namespace Mesos.Host.Cli;

/// <summary>Resolves a command's flags into settings, or explains on stderr why it cannot.</summary>
internal static class CommandSettings
{
    public static bool TryLoad<T>(FlagSet flags, ParseResult parsed, Func<Config, T> bind,
        [NotNullWhen(true)] out Config? config, [NotNullWhen(true)] out T? settings)
    {
        try
        {
            config = flags.Resolve(parsed, Environment.GetEnvironmentVariables());
            settings = bind(config)!;
            return true;
        }
        catch (Exception e) when (e is FlagException || ConfigErrors.Is(e))
        {
            Console.Error.WriteLine(e.Message);
            config = null;
            settings = default;
            return false;
        }
    }
}
