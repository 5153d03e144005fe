using System.CommandLine;
using Mesos.Host.Chronos;
using Mesos.Host.Cli.Flags;

namespace Mesos.Host.Cli;

/// <summary>`mesos chronos`: runs the built-in Chronos, a framework of jobs on schedules and dependencies, with its REST API.</summary>
internal static class ChronosCommand
{
    public static Command Create()
    {
        var flags = new FlagSet(MesosFlags.Chronos);
        var command = new Command("chronos", "Run Chronos: jobs on a schedule or after other jobs, with Chronos' REST API on --http_port.");
        flags.AddTo(command);
        command.SetAction((parsed, cancel) => Run(flags, parsed, cancel));
        return command;
    }

    private static async Task<int> Run(FlagSet flags, ParseResult parsed, CancellationToken cancel)
    {
        if (!CommandSettings.TryLoad(flags, parsed, ChronosSettings.FromConfig, out var config, out var settings)) return 1;
        return await StartupErrors.Guard(async () =>
        {
            await using var chronos = await ChronosProcess.Start(config, settings, flags.Describe(config), cancel);
            await chronos.WaitForShutdown(cancel);
        });
    }
}
