using Akka.Actor;
using Akka.Configuration;
using Akka.Hosting;
using Mesos.Actors.Framework;
using Mesos.Host.Http;
using Mesos.Host.Master.Registry;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using FrameworkID = Mesos.V1.FrameworkID;
using FrameworkInfo = Mesos.V1.FrameworkInfo;

namespace Mesos.Host.Frameworks;

/// <summary>
/// A running built-in framework (Chronos, Marathon), alone or inside a master's process: its scheduler actor,
/// persistent on the framework's own store and subscribed through a framework child that carries the recovered
/// framework id, and its entities in shard regions (<see cref="FrameworkSharding"/>), behind a web host that
/// serves the common endpoints beside the framework's API and UI. A framework of its own (and one inside a master
/// that runs alone) has an ActorSystem of its own, a cluster of one; inside a highly available master it runs in
/// the master's ActorSystem, whose regions the master started on every master (<see cref="Hosted"/>).
/// </summary>
internal sealed class FrameworkProcess : IAsyncDisposable
{
    private readonly WebApplication _app;

    // The scheduler actor when the framework runs in its master's ActorSystem, which outlives it; null in a system of its own.
    private readonly IActorRef? _guest;
    private readonly RequestGate _gate;

    private FrameworkProcess(WebApplication app, IActorRef? guest, RequestGate gate)
    {
        _app = app;
        _guest = guest;
        _gate = gate;
    }

    /// <summary>What a built-in framework brings to its process.</summary>
    /// <param name="Name">Its process, actor system and actor name (<c>chronos</c>).</param>
    /// <param name="Title">How its log names it (<c>Chronos</c>).</param>
    /// <param name="FrameworkName">Its FrameworkInfo.name at the master.</param>
    /// <param name="Kept">What its store keeps (<c>jobs</c>), for messages.</param>
    /// <param name="StoreFileName">Its SQLite file in the work dir.</param>
    /// <param name="SerializerConfig">The HOCON that binds its journal events to their serializer.</param>
    /// <param name="Entities">The kinds of entity it keeps sharded, on its store's plugins (<see cref="FrameworkSharding.Plugins"/>).</param>
    /// <param name="Actor">Its scheduler actor.</param>
    /// <param name="Map">Its endpoints, beside the common ones.</param>
    public sealed record Definition<TActor>(string Name, string Title, string FrameworkName, string Kept, string StoreFileName, string SerializerConfig,
        IReadOnlyList<FrameworkSharding.EntityType> Entities, Func<Context, Props> Actor, Action<WebApplication, IRequiredActor<TActor>, Context> Map)
    {
        public Hosted Hosting(FrameworkProcessSettings settings) => new(Name, RegistryStore.Resolve(settings.Store, settings.WorkDir, "store", StoreFileName), SerializerConfig, Entities);
    }

    /// <summary>What a master that runs a framework in its own ActorSystem sets up there on every master, leader or not.</summary>
    /// <param name="Name">The framework's name, which names its store's plugins.</param>
    /// <param name="Store">The framework's store.</param>
    /// <param name="SerializerConfig">The HOCON that binds its journal events to their serializer.</param>
    /// <param name="Entities">The regions to start.</param>
    public sealed record Hosted(string Name, RegistryStore Store, string SerializerConfig, IReadOnlyList<FrameworkSharding.EntityType> Entities)
    {
        /// <summary>The framework's store plugins and serializers, for the host's configuration.</summary>
        public Config ToConfig() => ConfigurationFactory.ParseString(SerializerConfig).WithFallback(Store.ToConfig(Name));

        /// <summary>Starts the framework's regions on the host's member.</summary>
        public void StartRegions(ActorSystem system)
        {
            foreach (var type in Entities) FrameworkSharding.StartRegion(system, type, FrameworkSharding.Plugins(Name));
        }
    }

    /// <summary>What the process resolved for the framework's actor and endpoints.</summary>
    /// <param name="Subscription">The framework's subscription, given the framework id it recovered (null for a new framework).</param>
    /// <param name="Journal">The journal and snapshot store plugins of its store.</param>
    /// <param name="Leader">The host:port it advertises (its web UI, /leader).</param>
    /// <param name="Bodies">Request bodies within the configured limits.</param>
    /// <param name="Region">The shard region of one of its kinds of entity, by type name.</param>
    public sealed record Context(Func<string?, SchedulerSettings> Subscription, (string Journal, string Snapshots) Journal, string Leader, RequestBodies Bodies,
        Func<string, IActorRef> Region);

    /// <param name="host">
    /// The ActorSystem of the master the framework runs in, which holds its store's plugins and its regions
    /// (<see cref="Hosted"/>); null for a system of the framework's own.
    /// </param>
    /// <exception cref="FormatException">The store or the masters are malformed.</exception>
    public static async Task<FrameworkProcess> Start<TActor>(Config config, FrameworkProcessSettings settings, Definition<TActor> framework,
        IReadOnlyDictionary<string, string> flags, CancellationToken cancel, ActorSystem? host = null)
    {
        var hosted = framework.Hosting(settings);
        var store = hosted.Store;
        var masters = MasterAddress.ParseList(settings.Master);
        var address = AdvertisedAddress.Resolve(settings.Ip, settings.Hostname, lookup: true);
        var leader = $"{address.Hostname}:{settings.HttpPort}";
        var info = new FrameworkInfo
        {
            Name = framework.FrameworkName,
            User = Environment.UserName,
            Hostname = address.Hostname,
            FailoverTimeout = settings.FailoverTimeout.TotalSeconds,
            Checkpoint = true,
            WebuiUrl = $"http://{leader}",
        };
        var limits = HttpLimits.From(config);
        // The system is known once Akka.Hosting started it; regions are asked for only from then on.
        var system = host;
        var context = new Context(id => new SchedulerSettings(masters, WithId(info, id)), FrameworkSharding.Plugins(framework.Name), leader, new RequestBodies(limits),
            type => FrameworkSharding.Region(system!, type));
        IActorRef? guest = null;
        var app = MesosWebHost.Create(framework.Name, settings.Ip, settings.HttpPort, limits.MaxSmallBodyBytes, services =>
        {
            if (host is null)
            {
                services.AddMesosActors(framework.Name, hosted.ToConfig().WithFallback(config), (own, registry, _) =>
                {
                    system = own;
                    FrameworkSharding.JoinSelf(own);
                    hosted.StartRegions(own);
                    registry.Register<TActor>(own.ActorOf(framework.Actor(context), framework.Name));
                }, builder => builder.AddHocon(FrameworkSharding.ClusterOfOne(FrameworkSharding.Role(config)), HoconAddMode.Prepend));
                return;
            }
            guest = host.ActorOf(framework.Actor(context), framework.Name);
            var registry = new ActorRegistry();
            registry.Register<TActor>(guest);
            services.AddSingleton<IRequiredActor<TActor>>(new RequiredActor<TActor>(registry));
        });
        var gate = new RequestGate(framework.Title);
        app.Use(gate.Middleware);
        app.MapCommon(flags.ToDictionary(f => f.Key, f => f.Key switch
        {
            "store" => RegistryStore.Redact(f.Value),
            "mail_password" when f.Value.Length > 0 => "********",
            _ => f.Value,
        }));
        framework.Map(app, app.Services.GetRequiredService<IRequiredActor<TActor>>(), context);
        await app.StartAsync(cancel);
        app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Mesos." + framework.Title)
            .LogInformation("{Framework} listening on {Ip}:{Port}, {Kept} in {Store}, masters {Masters}",
                framework.Title, address.Ip, settings.HttpPort, framework.Kept, store.Description, settings.Master);
        return new FrameworkProcess(app, guest, gate);
    }

    // How long requests under way, then a framework in its master's system, get to end before the process goes on without waiting.
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    public Task WaitForShutdown(CancellationToken cancel) => _app.WaitForShutdownAsync(cancel);

    private static FrameworkInfo WithId(FrameworkInfo info, string? id)
    {
        var framework = info.Clone();
        if (id is not null) framework.Id = new FrameworkID { Value = id };
        return framework;
    }

    public async ValueTask DisposeAsync()
    {
        // Requests that reached the actors are answered before they stop; later ones hear at once that it stops here.
        await _gate.Close(StopTimeout);
        if (_guest is null) await _app.StopActorsThenHost();
        else
        {
            await _guest.GracefulStop(StopTimeout);
            await _app.StopAsync();
        }
        await _app.DisposeAsync();
    }
}
