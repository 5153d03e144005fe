using System.CommandLine;
using Mesos.Actors.Configuration;
using Mesos.Actors.Master;
using Mesos.Host.Cli.Flags;
using Mesos.Host.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Mesos.Host.Cli;

/// <summary>`mesos master`: serves the master's endpoints on --ip:--port until stopped.</summary>
internal static class MasterCommand
{
    public static Command Create()
    {
        var flags = new FlagSet(MesosFlags.Master);
        // Hidden until the master runs frameworks and agents; today it answers only its basic endpoints.
        var command = new Command("master", "Run a master.") { Hidden = true };
        flags.AddTo(command);
        command.SetAction((parsed, cancel) => Run(flags, parsed, cancel));
        return command;
    }

    private static async Task<int> Run(FlagSet flags, ParseResult parsed, CancellationToken cancel)
    {
        if (!CommandSettings.TryLoad(flags, parsed, MasterSettings.FromConfig, out var config, out var settings)) return 1;
        var address = AdvertisedAddress.Resolve(settings.Ip, settings.Hostname);

        var app = MesosWebHost.Create(settings.Ip, settings.Port, HttpLimits.MaxRequestBodySize(config));
        app.MapCommon(flags.Describe(config), "/master");
        // A single master is always the leader, so the redirect points at itself.
        app.MapGet("/master/redirect/{**rest}", (HttpContext c, string? rest) =>
        {
            c.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
            c.Response.Headers.Location = $"//{address.Hostname}:{settings.Port}" + (string.IsNullOrEmpty(rest) ? "" : "/" + rest);
        });

        await app.StartAsync(cancel);
        app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Mesos.Master")
            .LogInformation("Master listening on {Ip}:{Port} as {Hostname}", address.Ip, settings.Port, address.Hostname);
        await app.WaitForShutdownAsync(cancel);
        return 0;
    }
}
