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
/// framework id, behind a web host that serves the common endpoints beside the framework's API and UI.
/// </summary>
internal sealed class FrameworkProcess : IAsyncDisposable
{
    private static readonly (string, string) SqlPlugins = ("akka.persistence.journal.sql", "akka.persistence.snapshot-store.sql");

    private readonly WebApplication _app;

    private FrameworkProcess(WebApplication app)
    {
        _app = app;
    }

    /// <summary>What a built-in framework brings to its process.</summary>
    /// <param name="Name">Its process, actor system and actor name (<c>chronos</c>).</param>
    /// <param name="Title">How its log names it (<c>Chronos</c>).</param>
    /// <param name="FrameworkName">Its FrameworkInfo.name at the master.</param>
    /// <param name="Kept">What its store keeps (<c>jobs</c>), for messages.</param>
    /// <param name="StoreFileName">Its SQLite file in the work dir.</param>
    /// <param name="SerializerConfig">The HOCON that binds its journal events to their serializer.</param>
    /// <param name="Actor">Its scheduler actor.</param>
    /// <param name="Map">Its endpoints, beside the common ones.</param>
    public sealed record Definition<TActor>(string Name, string Title, string FrameworkName, string Kept, string StoreFileName, string SerializerConfig,
        Func<Context, Props> Actor, Action<WebApplication, IRequiredActor<TActor>, Context> Map);

    /// <summary>What the process resolved for the framework's actor and endpoints.</summary>
    /// <param name="Subscription">The framework's subscription, given the framework id it recovered (null for a new framework).</param>
    /// <param name="Journal">The journal and snapshot store plugins of its store.</param>
    /// <param name="Leader">The host:port it advertises (its web UI, /leader).</param>
    /// <param name="Bodies">Request bodies within the configured limits.</param>
    public sealed record Context(Func<string?, SchedulerSettings> Subscription, (string Journal, string Snapshots) Journal, string Leader, RequestBodies Bodies);

    /// <exception cref="FormatException">The store or the masters are malformed.</exception>
    public static async Task<FrameworkProcess> Start<TActor>(Config config, FrameworkProcessSettings settings, Definition<TActor> framework,
        IReadOnlyDictionary<string, string> flags, CancellationToken cancel)
    {
        var store = RegistryStore.Resolve(settings.Store, settings.WorkDir, "store", framework.StoreFileName);
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
        var context = new Context(id => new SchedulerSettings(masters, WithId(info, id)), SqlPlugins, leader, new RequestBodies(limits));
        var frameworkConfig = ConfigurationFactory.ParseString(framework.SerializerConfig).WithFallback(config);
        var app = MesosWebHost.Create(framework.Name, settings.Ip, settings.HttpPort, limits.MaxSmallBodyBytes, services => services.AddMesosActors(framework.Name, frameworkConfig,
            (system, registry, _) => registry.Register<TActor>(system.ActorOf(framework.Actor(context), framework.Name)),
            builder => store.AddTo(builder)));
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
        return new FrameworkProcess(app);
    }

    public Task WaitForShutdown(CancellationToken cancel) => _app.WaitForShutdownAsync(cancel);

    private static FrameworkInfo WithId(FrameworkInfo info, string? id)
    {
        var framework = info.Clone();
        if (id is not null) framework.Id = new FrameworkID { Value = id };
        return framework;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopActorsThenHost();
        await _app.DisposeAsync();
    }
}
