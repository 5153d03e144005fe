using System.CommandLine;
using Mesos.Actors.Master;
using Mesos.Host.Cli.Flags;
using Mesos.Host.Master;

namespace Mesos.Host.Cli;

/// <summary>`mesos master`: runs a master on --ip:--port until stopped.</summary>
internal static class MasterCommand
{
    public static Command Create()
    {
        var flags = new FlagSet(MesosFlags.Master);
        var command = new Command("master", "Run a master.");
        flags.AddTo(command);
        command.SetAction((parsed, cancel) => Run(flags, parsed, cancel));
        return command;
    }

    private static async Task<int> Run(FlagSet flags, ParseResult parsed, CancellationToken cancel)
    {
        if (!CommandSettings.TryLoad(flags, parsed, MasterSettings.FromConfig, out var config, out var settings)) return 1;
        return await StartupErrors.Guard(async () =>
        {
            var embedded = EmbeddedFrameworks.For(config, settings, config.GetBoolean("mesos.master.chronos"), config.GetBoolean("mesos.master.marathon"));
            await using var master = await MasterProcess.Start(config, settings, flags.Describe(config), cancel, embedded.Hosting);
            await using var frameworks = await embedded.Start(master.Leadership, master.FrameworkHost, cancel);
            await Task.WhenAny(master.WaitForShutdown(cancel), frameworks.Failed);
            // Frameworks that could not take over leave their clients with none: the master stops, and another takes over.
            if (frameworks.Failed.IsFaulted) await frameworks.Failed;
        });
    }
}
