using System.Net;
using Akka.Configuration;
using Mesos.Actors.Settings;
using Mesos.Actors.Master;
using Mesos.Actors.Protocol;
using Akka.Hosting;
using Mesos.Host.Frameworks;
using Mesos.Host.Http;
using Mesos.Host.WebUi;
using Mesos.Host.Master.Registry;
using Mesos.Host.Master.HighAvailability;
using Mesos.Actors.Framework;
using Akka.Actor;
using Akka.Cluster.Tools.Singleton;
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

    private MasterProcess(WebApplication app, MasterInfo info, Leadership leadership, ActorSystem? frameworkHost)
    {
        _app = app;
        Info = info;
        Leadership = leadership;
        FrameworkHost = frameworkHost;
    }

    /// <summary>
    /// The ActorSystem the built-in frameworks run in while this master leads, when it is one of several: every master
    /// hosts their regions, so that their entities spread over the masters. Null for a master that runs alone.
    /// </summary>
    public ActorSystem? FrameworkHost { get; }

    public MasterInfo Info { get; }

    /// <summary>Whether this master leads, and who does; the built-in frameworks run only where it leads.</summary>
    public Leadership Leadership { get; }

    /// <param name="frameworks">The built-in frameworks this master runs (--marathon, --chronos), whose stores and regions it hosts when it is one of several.</param>
    public static async Task<MasterProcess> Start(Config config, MasterSettings settings, IReadOnlyDictionary<string, string> flags, CancellationToken cancel,
        IReadOnlyList<FrameworkProcess.Hosted>? frameworks = null)
    {
        var hosted = frameworks ?? [];
        var address = AdvertisedAddress.Resolve(settings.Ip, settings.Hostname, settings.HostnameLookup);
        var limits = HttpLimits.From(config);
        var info = CreateInfo(address, settings.Port);
        var cluster = MasterCluster.Resolve(config, settings, address);
        var leadership = cluster is null ? Leadership.Alone(new MasterAddress(address.Hostname, settings.Port)) : Leadership.InCluster();
        // Only the first of --masters ever forms a cluster of its own; started again while the others lead, it must join them.
        var joinOnly = cluster is not null && cluster.Masters[0].Equals(cluster.Self) && await LeaderProbe.AnotherLeads(cluster, cancel);
        var store = settings.Registry.Backend == RegistryBackend.ReplicatedLog ? RegistryStore.Resolve(settings.Registry.Store, settings.WorkDir) : null;
        var app = MesosWebHost.Create("master", settings.Ip, settings.Port, limits.MaxSmallBodyBytes, services => services.AddMesosActors(MasterCluster.SystemName, config,
            (system, registry, _) =>
            {
                registry.Register<MasterActor>(StartMaster(system, settings, info, cluster, leadership));
                if (cluster is null) return;
                foreach (var framework in hosted) framework.StartRegions(system);
            },
            builder =>
            {
                store?.AddTo(builder);
                if (cluster is null) return;
                builder.AddHocon(cluster.ToConfig(settings.Ip, joinOnly), HoconAddMode.Prepend);
                foreach (var framework in hosted) builder.AddHocon(framework.ToConfig(), HoconAddMode.Prepend);
            }));
        var loggers = app.Services.GetRequiredService<ILoggerFactory>();
        flags = flags.ToDictionary(f => f.Key, f => f.Key == "registry_store" ? RegistryStore.Redact(f.Value) : f.Value);
        var master = app.Services.GetRequiredService<IRequiredActor<MasterActor>>();
        var bodies = new RequestBodies(limits);

        app.UseMiddleware<FollowerRedirects>(leadership);
        app.MapCommon(flags);
        app.MapSchedulerApi(master, bodies);
        app.MapAgentApi(master, bodies);
        app.MapOperatorApi(master, bodies, flags);
        app.MapWebUi();

        await app.StartAsync(cancel);
        var log = loggers.CreateLogger("Mesos.Master");
        log.LogInformation("Master {Id} keeps its registry in {Store}", info.Id, store?.Description ?? "memory (--registry=in_memory)");
        log.LogInformation("Master {Id} listening on {Ip}:{Port} as {Hostname}", info.Id, address.Ip, settings.Port, address.Hostname);
        if (cluster is not null)
        {
            log.LogInformation("Master {Id} is one of {Count} masters ({Masters}), on cluster port {ClusterPort}, quorum {Quorum}",
                info.Id, cluster.Masters.Count, string.Join(",", cluster.Masters), cluster.PortOf(cluster.Self), cluster.Quorum);
        }
        return new MasterProcess(app, info, leadership, cluster is null ? null : app.Services.GetRequiredService<ActorSystem>());
    }

    /// <summary>
    /// The master actor, behind the gate the endpoints send to: here for a master that runs alone, or as the
    /// cluster's singleton, which runs on the oldest master and moves when that one is gone.
    /// </summary>
    // The singleton manager waits this long after the old leader is removed before it starts the master; left
    // unset it waits the split brain resolver's stable-after (2 s) again, as Akka does for a downing provider
    // without a removal margin. The registry fences a deposed leader instead (reference.conf,
    // down-removal-margin): the new one records a later epoch before it acts. Zero would mean "unset".
    private static readonly TimeSpan SingletonRemovalMargin = TimeSpan.FromMilliseconds(1);

    private static IActorRef StartMaster(ActorSystem system, MasterSettings settings, MasterInfo info, MasterCluster? cluster, Leadership leadership)
    {
        if (cluster is null) return system.ActorOf(MasterGate.Props(system.ActorOf(MasterActor.Props(settings, info), "master"), quorum: null), "master-gate");
        system.ActorOf(LeadershipActor.Props(leadership), "leadership");
        system.ActorOf(CrashDetector.Props(cluster.Quorum), "crash-detector");
        system.ActorOf(RegistryWarmUp.Props(settings.Registry, info.Id), "registry-warm-up");
        var gate = system.ActorOf(MasterGate.Props(null, cluster.Quorum), "master-gate");
        system.ActorOf(MasterSingletonHost.Props(() => ClusterSingletonManager.Props(MasterActor.Props(settings, info), PoisonPill.Instance,
            ClusterSingletonManagerSettings.Create(system).WithRole(MasterCluster.Role).WithRemovalMargin(SingletonRemovalMargin)), TimeSpan.FromSeconds(2)), "master-host");
        return gate;
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
