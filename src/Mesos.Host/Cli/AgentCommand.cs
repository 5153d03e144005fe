using System.CommandLine;
using Mesos.Actors.Agent;
using Mesos.Host.Cli.Flags;
using Mesos.Host.Agent;

namespace Mesos.Host.Cli;

/// <summary>`mesos agent`: runs an agent on --ip:--port that registers with --master, until stopped.</summary>
internal static class AgentCommand
{
    public static Command Create()
    {
        var flags = new FlagSet(MesosFlags.Agent);
        var command = new Command("agent", "Run an agent.");
        flags.AddTo(command);
        command.SetAction((parsed, cancel) => Run(flags, parsed, cancel));
        return command;
    }

    private static async Task<int> Run(FlagSet flags, ParseResult parsed, CancellationToken cancel)
    {
        if (!CommandSettings.TryLoad(flags, parsed, AgentSettings.FromConfig, out var config, out var settings)) return 1;
        var exitCode = 0;
        var startup = await StartupErrors.Guard(async () =>
        {
            await using var agent = await AgentProcess.Start(config, settings, flags.Describe(config), cancel);
            await agent.WaitForShutdown(cancel);
            exitCode = agent.ExitCode;
        });
        return startup != 0 ? startup : exitCode;
    }
}
