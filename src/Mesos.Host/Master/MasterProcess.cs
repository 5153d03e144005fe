using System.Net;
using Akka.Configuration;
using Mesos.Actors.Settings;
using Mesos.Actors.Master;
using Mesos.Actors.Protocol;
using Akka.Hosting;
using Mesos.Host.Http;
using Mesos.Host.WebUi;
using Mesos.Host.Master.Registry;
using Mesos.Actors.Master.Registrar;
using Address = Mesos.V1.Address;
using MasterInfo = Mesos.V1.MasterInfo;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Mesos.Host.Master;

/// <summary>A running master: its actor system, the master actor, and its HTTP endpoints on one port.</summary>
internal sealed class MasterProcess : IAsyncDisposable
{
    private readonly WebApplication _app;

    private MasterProcess(WebApplication app, MasterInfo info)
    {
        _app = app;
        Info = info;
    }

    public MasterInfo Info { get; }

    public static async Task<MasterProcess> Start(Config config, MasterSettings settings, IReadOnlyDictionary<string, string> flags, CancellationToken cancel)
    {
        var address = AdvertisedAddress.Resolve(settings.Ip, settings.Hostname, settings.HostnameLookup);
        var limits = HttpLimits.From(config);
        var info = CreateInfo(address, settings.Port);
        var store = settings.Registry.Backend == RegistryBackend.ReplicatedLog ? RegistryStore.Resolve(settings.Registry.Store, settings.WorkDir) : null;
        var app = MesosWebHost.Create("master", settings.Ip, settings.Port, limits.MaxSmallBodyBytes, services => services.AddMesosActors("mesos-master", config,
            (system, registry, _) => registry.Register<MasterActor>(system.ActorOf(MasterActor.Props(settings, info), "master")),
            builder => store?.AddTo(builder)));
        var loggers = app.Services.GetRequiredService<ILoggerFactory>();
        flags = flags.ToDictionary(f => f.Key, f => f.Key == "registry_store" ? RegistryStore.Redact(f.Value) : f.Value);
        var master = app.Services.GetRequiredService<IRequiredActor<MasterActor>>();
        var bodies = new RequestBodies(limits);

        app.MapCommon(flags);
        app.MapSchedulerApi(master, bodies);
        app.MapAgentApi(master, bodies);
        app.MapOperatorApi(master, bodies, flags);
        app.MapWebUi();
        // A single master is always the leader, so the redirect points at itself.
        app.MapGet("/redirect/{**rest}", (HttpContext c, string? rest) =>
        {
            c.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
            // The rest comes decoded; it goes back into a header escaped again, so that no byte of it can break the header.
            c.Response.Headers.Location = $"//{address.Hostname}:{settings.Port}" + (string.IsNullOrEmpty(rest) ? "" : new PathString("/" + rest).ToUriComponent());
        });

        await app.StartAsync(cancel);
        var log = loggers.CreateLogger("Mesos.Master");
        log.LogInformation("Master {Id} keeps its registry in {Store}", info.Id, store?.Description ?? "memory (--registry=in_memory)");
        log.LogInformation("Master {Id} listening on {Ip}:{Port} as {Hostname}", info.Id, address.Ip, settings.Port, address.Hostname);
        return new MasterProcess(app, info);
    }

    public Task WaitForShutdown(CancellationToken cancel) => _app.WaitForShutdownAsync(cancel);

    private static MasterInfo CreateInfo(AdvertisedAddress address, int port)
    {
        var ip = IPAddress.TryParse(address.Ip, out var parsed) ? parsed : IPAddress.Loopback;
        var packed = ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? BitConverter.ToUInt32(ip.GetAddressBytes()) : 0u;
        return new MasterInfo
        {
            Id = Guid.NewGuid().ToString(),
            Ip = packed,
            Port = (uint)port,
            Hostname = address.Hostname,
            Pid = $"master@{address.Ip}:{port}",
            Version = VersionInfo.Version,
            Address = new Address { Hostname = address.Hostname, Ip = address.Ip, Port = port },
            // What clients may count on: quota as guarantees and limits (UPDATE_QUOTA). Agent updates and
            // draining are not built, so they are not claimed.
            Capabilities = { new MasterInfo.Types.Capability { Type = MasterInfo.Types.Capability.Types.Type.QuotaV2 } },
        };
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopActorsThenHost();
        await _app.DisposeAsync();
    }
}
