using System.CommandLine;
using Mesos.Actors.Agent;
using Mesos.Host.Cli.Flags;
using Mesos.Host.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Mesos.Host.Cli;

/// <summary>`mesos agent`: serves the agent's endpoints on --ip:--port until stopped.</summary>
internal static class AgentCommand
{
    public static Command Create()
    {
        var flags = new FlagSet(MesosFlags.Agent);
        // Hidden until the agent registers and runs tasks; today it answers only its basic endpoints.
        var command = new Command("agent", "Run an agent.") { Hidden = true };
        flags.AddTo(command);
        command.SetAction((parsed, cancel) => Run(flags, parsed, cancel));
        return command;
    }

    private static async Task<int> Run(FlagSet flags, ParseResult parsed, CancellationToken cancel)
    {
        if (!CommandSettings.TryLoad(flags, parsed, AgentSettings.FromConfig, out var config, out var settings)) return 1;
        var address = AdvertisedAddress.Resolve(settings.Ip, settings.Hostname);

        var app = MesosWebHost.Create(settings.Ip, settings.Port, HttpLimits.MaxRequestBodySize(config));
        app.MapCommon(flags.Describe(config));

        await app.StartAsync(cancel);
        app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Mesos.Agent")
            .LogInformation("Agent listening on {Ip}:{Port} as {Hostname}", address.Ip, settings.Port, address.Hostname);
        await app.WaitForShutdownAsync(cancel);
        return 0;
    }
}
