using System.CommandLine;
using Mesos.Host.Cli.Flags;
using Mesos.Host.Marathon;

namespace Mesos.Host.Cli;

/// <summary>`mesos marathon`: runs the built-in Marathon, a framework of long-running apps, with its REST API.</summary>
internal static class MarathonCommand
{
    public static Command Create()
    {
        var flags = new FlagSet(MesosFlags.Marathon);
        var command = new Command("marathon", "Run Marathon: long-running apps kept at their instance count, with Marathon's REST API on --http_port.");
        flags.AddTo(command);
        command.SetAction((parsed, cancel) => Run(flags, parsed, cancel));
        return command;
    }

    private static async Task<int> Run(FlagSet flags, ParseResult parsed, CancellationToken cancel)
    {
        if (!CommandSettings.TryLoad(flags, parsed, MarathonSettings.FromConfig, out var config, out var settings)) return 1;
        return await StartupErrors.Guard(async () =>
        {
            await using var marathon = await MarathonProcess.Start(config, settings, flags.Describe(config), cancel);
            await marathon.WaitForShutdown(cancel);
        });
    }
}
